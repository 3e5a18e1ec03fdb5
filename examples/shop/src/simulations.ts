// Stand-ins for the shop's two third parties, an AI model and a card processor, with the
// behaviour that makes monitoring worth having: a long latency tail and occasional failures.
import { setTimeout as sleep } from 'node:timers/promises';

/** The upstream service failed (the shop answers 502). */
export class UpstreamError extends Error {
  constructor(readonly upstream: 'ai-model' | 'payment-processor', message: string) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** The card was refused by the issuer (the shop answers 402): a business outcome, not a fault. */
export class PaymentDeclined extends Error {
  constructor(readonly reason: string) {
    super(`payment declined: ${reason}`);
    this.name = 'PaymentDeclined';
  }
}

/** The test card number that processors document as "always declined". */
export const DECLINED_CARD = '4000000000000002';

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Log-normal latency around the median: with sigma 0.8 about 13% of calls pass 2.5x the
 * median and 2% pass 5x, like a hosted model's tail.
 */
export function modelLatencyMs(medianMs: number, random: () => number = Math.random): number {
  return Math.min(medianMs * Math.exp(0.8 * gaussian(random)), 15_000);
}

export async function askModel(question: string, medianMs: number, failureRate: number, random: () => number = Math.random): Promise<string> {
  await sleep(modelLatencyMs(medianMs, random));
  if (random() < failureRate) throw new UpstreamError('ai-model', 'the model provider answered 503');
  return `Here is a study plan for "${question.slice(0, 40)}": read, practise, review.`;
}

/** Luhn checksum over the digits of a card number. */
export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let index = 0; index < number.length; index++) {
    let digit = Number(number[number.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export async function chargeCard(cardNumber: string, amountCents: number, failureRate: number, random: () => number = Math.random): Promise<string> {
  await sleep(80 + random() * 220);
  if (random() < failureRate) throw new UpstreamError('payment-processor', 'the payment processor timed out');
  if (cardNumber === DECLINED_CARD) throw new PaymentDeclined('card_declined');
  return `ch_${amountCents}_${Math.floor(random() * 1e9).toString(36)}`;
}
