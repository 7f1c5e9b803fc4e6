import { describe, expect, it } from 'vitest';
import { lastAdminId, type UserRow } from './last-admin.ts';

const user = (id: string, role: UserRow['role']): UserRow => ({
  id,
  role,
  email: `${id}@example.test`,
  name: id,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('the last admin', () => {
  it('is the only admin of a whole list', () => {
    expect(lastAdminId([user('a', 'admin'), user('b', 'staff'), user('c', 'manager')], true)).toBe('a');
  });
  it('is nobody when there are two admins', () => {
    expect(lastAdminId([user('a', 'admin'), user('b', 'admin')], true)).toBeNull();
  });
  it('is not decided while pages are unread: another admin may be on them', () => {
    expect(lastAdminId([user('a', 'admin')], false)).toBeNull();
  });
});
