/** The script inside cmi5 and xAPI (Tin Can) packages: the launch page with the LRS-backed runtimes only. */
import { Cmi5Runtime } from '../../src/lms/cmi5/runtime.js';
import { XapiLaunchRuntime } from '../../src/lms/xapi/runtime.js';
import { launchPackage } from './launch.js';

void launchPackage((format) => (format === 'cmi5' ? new Cmi5Runtime() : format === 'xapi' ? new XapiLaunchRuntime() : undefined), () => import('../../src/lms/lrs-reporting.js'));
