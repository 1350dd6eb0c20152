import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rolesBelow, targetRoles } from './roles.js';

const model = {
  roles: [
    { id: 'lead', next: 'manager' },
    { id: 'manager', next: 'director' },
    { id: 'director' },
    { id: 'specialist' },
    { id: 'a', next: 'b' },
    { id: 'b', next: 'a' },
  ],
} as never;

describe('role order', () => {
  it('finds the roles below a role through the next chain', () => {
    assert.deepEqual([...rolesBelow(model, 'director')].sort(), ['lead', 'manager']);
    assert.deepEqual([...rolesBelow(model, 'lead')], []);
  });
  it('never offers the current role or one below it as a target', () => {
    assert.deepEqual(targetRoles(model, 'director'), ['specialist', 'a', 'b']);
    assert.deepEqual(targetRoles(model, 'lead'), ['manager', 'director', 'specialist', 'a', 'b']);
  });
  it('survives a cycle of next links', () => {
    assert.deepEqual([...rolesBelow(model, 'a')], ['b']);
  });
});
