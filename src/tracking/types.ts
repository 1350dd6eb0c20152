/**
 * The xAPI shapes Pathway emits (1.0.3 plus the 2.0 `contextAgents` it needs), kept small and
 * independent of any client library so the builders run anywhere.
 */

export type LanguageMap = Record<string, string>;

export interface Account {
  homePage: string;
  name: string;
}

/** An Agent with exactly one inverse functional identifier. */
export interface Agent {
  objectType?: 'Agent';
  name?: string;
  mbox?: string;
  mbox_sha1sum?: string;
  openid?: string;
  account?: Account;
}

export interface Group {
  objectType: 'Group';
  name?: string;
  member?: Agent[];
  mbox?: string;
  mbox_sha1sum?: string;
  openid?: string;
  account?: Account;
}

export type Actor = Agent | Group;

export interface Verb {
  id: string;
  display?: LanguageMap;
}

export interface InteractionComponent {
  id: string;
  description?: LanguageMap;
}

export interface ActivityDefinition {
  type?: string;
  name?: LanguageMap;
  description?: LanguageMap;
  moreInfo?: string;
  interactionType?: 'true-false' | 'choice' | 'fill-in' | 'long-fill-in' | 'matching' | 'performance' | 'sequencing' | 'likert' | 'numeric' | 'other';
  correctResponsesPattern?: string[];
  choices?: InteractionComponent[];
  scale?: InteractionComponent[];
  source?: InteractionComponent[];
  target?: InteractionComponent[];
  steps?: InteractionComponent[];
  extensions?: Record<string, unknown>;
}

export interface Activity {
  objectType?: 'Activity';
  id: string;
  definition?: ActivityDefinition;
}

export interface Score {
  scaled?: number;
  raw?: number;
  min?: number;
  max?: number;
}

export interface Result {
  score?: Score;
  success?: boolean;
  completion?: boolean;
  response?: string;
  duration?: string;
  extensions?: Record<string, unknown>;
}

export interface ContextActivities {
  parent?: Activity[];
  grouping?: Activity[];
  category?: Activity[];
  other?: Activity[];
}

/** xAPI 2.0 only: an agent relevant to the statement, with IRIs saying how. */
export interface ContextAgent {
  objectType: 'contextAgent';
  agent: Agent;
  relevantTypes?: string[];
}

export interface Context {
  registration?: string;
  instructor?: Actor;
  team?: Group;
  contextActivities?: ContextActivities;
  contextAgents?: ContextAgent[];
  revision?: string;
  platform?: string;
  language?: string;
  statement?: { objectType: 'StatementRef'; id: string };
  extensions?: Record<string, unknown>;
}

export interface Statement {
  id: string;
  actor: Actor;
  verb: Verb;
  object: Activity;
  result?: Result;
  context?: Context;
  timestamp: string;
}

export type XapiVersion = '1.0.3' | '2.0.0';
