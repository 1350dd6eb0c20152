/**
 * Career order of roles, from each role's `next`: which roles lie below a role (they lead to it),
 * so that a learner is never compared with a "target" below where they are.
 */
import type { Model } from './types.js';

/** Roles whose `next` chain reaches `roleId` (the roles below it), not including it. */
export function rolesBelow(model: Pick<Model, 'roles'>, roleId: string): Set<string> {
  const next = new Map(model.roles.map((r) => [r.id, r.next]));
  const below = new Set<string>();
  for (const role of model.roles) {
    const seen = new Set<string>([role.id]);
    for (let at = next.get(role.id); at !== undefined && !seen.has(at); at = next.get(at)) {
      if (at === roleId) {
        if (role.id !== roleId) below.add(role.id);
        break;
      }
      seen.add(at);
    }
  }
  return below;
}

/** Roles a learner in `currentRole` may aim for: any role except the current one and those below it. */
export function targetRoles(model: Pick<Model, 'roles'>, currentRole: string): string[] {
  const below = rolesBelow(model, currentRole);
  return model.roles.filter((r) => r.id !== currentRole && !below.has(r.id)).map((r) => r.id);
}
