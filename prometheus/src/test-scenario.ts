// What a generated promtool test needs to know about one alert: input that makes it fire,
// input just below its threshold, and the labels and $value it fires with.
import type { InputSeries } from './test-series.js';

export interface AlertScenario {
  /** Input on which the alert fires once its `for` has passed (and is still pending one minute before). */
  readonly firing: readonly InputSeries[];
  /** Its $value then, as the description renders it; absent when the description shows none. */
  readonly firingValue?: number;
  /** Input just below the threshold: silent. Absent for the watchdog, which has no threshold. */
  readonly justBelow?: readonly InputSeries[];
  /** Input above the threshold but under the minimum traffic: silent too. */
  readonly underTrafficGuard?: { readonly series: readonly InputSeries[]; readonly why: string };
  /** More inputs on which the alert fires, for the other forms of its condition. */
  readonly alsoFiring?: readonly {
    readonly series: readonly InputSeries[];
    readonly firingValue?: number;
    readonly why: string;
    /** Its labels, where they are not the scenario's. */
    readonly labels?: Readonly<Record<string, string>>;
  }[];
  /** More inputs on which it stays silent, each with the reason. */
  readonly alsoSilent?: readonly { readonly series: readonly InputSeries[]; readonly why: string }[];
  /** When to evaluate, where the default (15 minutes after `for`, at least 20m) does not suit the windows. */
  readonly evalAt?: string;
  /** The labels the alert carries from its input, besides severity, threshold and pair. */
  readonly labels: Readonly<Record<string, string>>;
  /** Renders what the description's templates take from queries rather than labels. */
  readonly renderQueries?: (description: string, labels: Readonly<Record<string, string>>) => string;
}
