// A Stryker ignorer (stryker.config.mjs `ignorers`): the wording of messages meant for people is not
// mutated. Mutating it ('' or "Stryker was here!") changes no decision, value or saved format, only prose;
// tests check which error is thrown and what it names, where that matters, not the sentence. Ignored:
// - the message argument of `new SomethingError(…)` when it is text (a string, a template, a `+` of them);
// - a `message: …` property whose value is text (the problems the queue reports to the page);
// - arguments of console.* calls.
// Everything around them (whether the error is thrown, which problem is reported) is still mutated.
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

const isText = (node) =>
  node.type === 'StringLiteral' ||
  node.type === 'TemplateLiteral' ||
  (node.type === 'BinaryExpression' && node.operator === '+' && (isText(node.left) || isText(node.right)));

function reason(path) {
  const { node, parent } = path;
  if (!parent || !isText(node)) return undefined;
  if (parent.type === 'NewExpression' && parent.arguments[0] === node && parent.callee.type === 'Identifier' && parent.callee.name.endsWith('Error')) {
    return 'error message wording';
  }
  if (parent.type === 'ObjectProperty' && parent.value === node && !parent.computed && parent.key.type === 'Identifier' && parent.key.name === 'message') {
    return 'problem message wording';
  }
  if (
    parent.type === 'CallExpression' &&
    parent.arguments.includes(node) &&
    parent.callee.type === 'MemberExpression' &&
    parent.callee.object.type === 'Identifier' &&
    parent.callee.object.name === 'console'
  ) {
    return 'console output wording';
  }
  return undefined;
}

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'pathway-messages', { shouldIgnore: reason })];
