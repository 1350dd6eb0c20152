/**
 * `pathway <command>`: the command-line tool for model authors and package builders.
 * Each command lives in `commands/<name>.ts` and exports `usage` and `run(args, out)`; it is loaded
 * only when named. A new command is one line in COMMANDS.
 */
import { VERSION } from '../version.js';
import { UsageError } from './io.js';

interface Command {
  usage: string;
  run(args: string[], out: (line: string) => void): Promise<number>;
}

interface CommandEntry {
  /** Arguments shown in the overview. */
  args: string;
  summary: string;
  load(): Promise<Command>;
}

const COMMANDS: Record<string, CommandEntry> = {
  validate: { args: '<model.json>', summary: 'check a competency model and summarise it', load: () => import('./commands/validate.js') },
  simulate: { args: '<model.json> [--learners N]', summary: 'simulate learners through the adaptive assessment', load: () => import('./commands/simulate.js') },
  plan: { args: '<model.json> --results <file>', summary: 'gaps and a development pathway from assessment results', load: () => import('./commands/plan.js') },
  package: { args: '<model.json> --format <f>', summary: 'build SCORM 1.2, SCORM 2004, cmi5 or xAPI packages, or a web folder', load: () => import('./commands/package.js') },
  init: { args: '--csv <dir>', summary: 'write empty CSV sheets to fill in a spreadsheet', load: () => import('./commands/init.js') },
  import: { args: '<files…> --out <model.json>', summary: 'build a model from CSV sheets, CASE or Moodle files', load: () => import('./commands/import.js') },
  export: { args: '<model.json> --format <f>', summary: 'write CSV sheets, a CASE package or a Moodle CSV', load: () => import('./commands/export.js') },
  'draft-items': { args: '<model.json> --out <f>', summary: 'draft items from the behavioural indicators', load: () => import('./commands/draft-items.js') },
  align: { args: '<model.json> <catalogue>', summary: 'suggest which competencies each catalogue module develops', load: () => import('./commands/align.js') },
  insights: { args: 'sync|report --db <file>', summary: 'statements from an LRS or file → fused evidence and team figures', load: () => import('./commands/insights.js') },
};

function help(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => [`${name} ${c.args}`, c.summary] as const);
  const width = Math.max(...rows.map(([synopsis]) => synopsis.length)) + 2;
  return `Usage: pathway <command> [options]

Commands:
${rows.map(([synopsis, summary]) => `  ${synopsis.padEnd(width)}${summary}`).join('\n')}

Run "pathway <command> --help" for a command's options, "pathway --version" for the version.`;
}

export async function main(argv: string[], out: (line: string) => void = (line) => console.log(line)): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    out(`pathway-kit ${VERSION}`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    out(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  const command = await entry.load();
  if (args.includes('--help') || args.includes('-h')) {
    out(command.usage);
    return 0;
  }
  try {
    return await command.run(args, out);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      out(`${error.message}\n\n${command.usage}`);
      return 2;
    }
    throw error;
  }
}
