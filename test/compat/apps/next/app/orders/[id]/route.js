import pino from 'pino';

const logger = pino();
export const dynamic = 'force-dynamic';

export async function GET(request) {
  logger.error({ path: new URL(request.url).pathname }, 'order store unavailable');
  throw new Error('order store unavailable');
}
