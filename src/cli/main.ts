/**
 * `pathway <command>`: the command-line tool for model authors and package builders.
 * Each command lives in `commands/<name>.ts` and exports `usage` and `run(args, out)`.
 */
import { UsageError } from './io.js';

interface Command {
  usage: string;
  run(args: string[], out: (line: string) => void): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  validate: () => import('./commands/validate.js'),
  simulate: () => import('./commands/simulate.js'),
  plan: () => import('./commands/plan.js'),
  package: () => import('./commands/package.js'),
  insights: () => import('./commands/insights.js'),
};

const HELP = `Usage: pathway <command> [options]

Commands:
  validate <model.json>                 check a competency model and summarise it
  simulate <model.json> [--learners N]  simulate learners through the adaptive assessment
  plan <model.json> --results <file>    gaps and a development pathway from assessment results
  package <model.json> --format <f>     build SCORM 1.2, SCORM 2004, cmi5 or xAPI packages
  insights sync|report --db <file>      statements from an LRS or file → fused evidence and team figures

Run "pathway <command> --help" for a command's options.`;

export async function main(argv: string[], out: (line: string) => void = (line) => console.log(line)): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(HELP);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    out(`Unknown command "${name}".\n\n${HELP}`);
    return 2;
  }
  const command = await load();
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
