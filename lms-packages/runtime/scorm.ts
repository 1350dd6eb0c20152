/** The script inside SCORM 1.2 and SCORM 2004 packages: the launch page with the SCORM runtimes only. */
import { ScormRuntime } from '../../src/lms/scorm/runtime.js';
import { launchPackage } from './launch.js';
import { loadLrsReporting } from './lazy-parts.js';

void launchPackage((format) => (format === 'scorm12' ? new ScormRuntime('1.2') : format === 'scorm2004' ? new ScormRuntime('2004') : undefined), loadLrsReporting);
