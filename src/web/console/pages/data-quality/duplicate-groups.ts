/** Suspected duplicate pairs joined into groups: pairs that share a customer are one group (connected components). */

export interface DuplicatePair {
  customerIds: [string, string];
  reason: string;
  detectedAt: string;
}

export interface DuplicateGroup {
  /** In first-seen order. */
  customerIds: string[];
  reasons: string[];
  /** The latest detection of the group's pairs. */
  detectedAt: string;
}

export function groupDuplicates(pairs: readonly DuplicatePair[]): DuplicateGroup[] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const order: string[] = [];
  for (const { customerIds } of pairs) {
    for (const id of customerIds) {
      if (!parent.has(id)) {
        parent.set(id, id);
        order.push(id);
      }
    }
    const [a, b] = customerIds.map(find) as [string, string];
    if (a !== b) parent.set(b, a);
  }
  const groups = new Map<string, DuplicateGroup>();
  for (const id of order) {
    const root = find(id);
    const group = groups.get(root) ?? { customerIds: [], reasons: [], detectedAt: '' };
    group.customerIds.push(id);
    groups.set(root, group);
  }
  for (const pair of pairs) {
    const group = groups.get(find(pair.customerIds[0]))!;
    if (!group.reasons.includes(pair.reason)) group.reasons.push(pair.reason);
    if (pair.detectedAt > group.detectedAt) group.detectedAt = pair.detectedAt;
  }
  return [...groups.values()];
}

const REASONS: Record<string, string> = {
  same_phone: 'Same phone',
  same_email: 'Same email',
  same_name_and_birthday: 'Same name and date of birth',
  same_person_at_one_pos: 'Same person at one POS',
};

export function reasonLabel(reason: string): string {
  return REASONS[reason] ?? reason;
}
