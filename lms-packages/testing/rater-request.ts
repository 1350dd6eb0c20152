/**
 * The rater request the "rate a colleague" package tests use (served as `/__pathway/packages/<model>~request/…`):
 * Dana is rated by her manager Mo (named, so the launch finds him) and three unnamed peers (one package
 * serves them all). DOM-free and Node-free.
 */
import type { Model } from '../../src/model/types.js';
import { createRaterRequest, type RaterRequest } from '../../src/tracking/request.js';
import type { Agent } from '../../src/tracking/types.js';

export const DANA: Agent = { objectType: 'Agent', name: 'Dana', account: { homePage: 'https://lms.example.com', name: 'dana' } };
export const MO: Agent = { objectType: 'Agent', account: { homePage: 'https://lms.example.com', name: 'mo' } };

export function testRequest(model: Pick<Model, 'id' | 'version' | 'roles'>): RaterRequest {
  return createRaterRequest(model, {
    id: 'e7a9c0de-5e1f-4a2b-8c3d-4e5f6a7b8c9d',
    person: { objectType: 'Agent', account: DANA.account! },
    personName: 'Dana',
    currentRole: model.roles[0]!.id,
    raters: [{ kind: 'manager', agent: MO, name: 'Mo' }, { kind: 'peer' }, { kind: 'peer' }, { kind: 'peer' }],
  });
}
