/** The script inside cmi5 and xAPI (Tin Can) packages: the launch page with the LRS-backed runtimes only. */
import { Cmi5Runtime } from '../../src/lms/cmi5/runtime.js';
import { XapiLaunchRuntime } from '../../src/lms/xapi/runtime.js';
import { type LaunchTiming, launchPackage } from './launch.js';

/** The launch page's timing as runtime options: retries start at `retryMs` and grow to 30 times it. */
function timingOptions({ requestTimeoutMs, finishTimeoutMs, retryMs }: LaunchTiming) {
  return {
    ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
    ...(finishTimeoutMs ? { finishTimeoutMs } : {}),
    ...(retryMs ? { backoff: { baseMs: retryMs, maxMs: retryMs * 30 }, retryDelaysMs: [retryMs, retryMs * 3, retryMs * 10] } : {}),
  };
}

void launchPackage((format, timing) => (format === 'cmi5' ? new Cmi5Runtime(timingOptions(timing)) : format === 'xapi' ? new XapiLaunchRuntime(timingOptions(timing)) : undefined));
