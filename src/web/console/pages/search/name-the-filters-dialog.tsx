/**
 * The dialog that keeps the search page's chips under a name, for a saved view and for a segment:
 * a name field that shows the API's refusal next to it (saved-views.ts nameMessage), Cancel, and
 * the saving button. What is sent, and what happens after, is the caller's.
 */
import { Button, Dialog, Flex, TextField } from '@radix-ui/themes';
import { type ReactNode, useState } from 'react';
import type { ApiFailure, ApiResult } from '../../../api/api-client.ts';
import { LabelledField } from '../../parts/field-message.tsx';
import { nameMessage } from './saved-views.ts';

export function NameTheFiltersDialog<T>({
  id,
  title,
  description,
  saveLabel,
  children,
  save,
  onClose,
  onSaved,
}: {
  /** The name field's id (its message's id derives from it). */
  id: string;
  title: string;
  description: string;
  saveLabel: string;
  /** More choices under the name (a "share" switch). */
  children?: ReactNode;
  save: (name: string) => Promise<ApiResult<T>>;
  onClose: () => void;
  onSaved: (saved: T) => void | Promise<void>;
}) {
  const [name, setName] = useState('');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const message = nameMessage(failure);
  const submit = async () => {
    setBusy(true);
    const answer = await save(name);
    setBusy(false);
    if (answer.ok) await onSaved(answer.body);
    else setFailure(answer.failure);
  };
  return (
    <Dialog.Root open onOpenChange={(open) => (open ? null : onClose())}>
      <Dialog.Content maxWidth="420px">
        <Dialog.Title>{title}</Dialog.Title>
        <Dialog.Description size="2" color="gray">
          {description}
        </Dialog.Description>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <Flex direction="column" gap="3" mt="3">
            <LabelledField id={id} label="Name" message={message}>
              <TextField.Root
                id={id}
                autoFocus
                maxLength={80}
                value={name}
                onChange={(event) => setName(event.target.value)}
                aria-invalid={message !== undefined}
                aria-describedby={message ? `${id}-message` : undefined}
              />
            </LabelledField>
            {children}
            <Flex gap="2" justify="end">
              <Dialog.Close>
                <Button type="button" variant="soft" color="gray">
                  Cancel
                </Button>
              </Dialog.Close>
              <Button type="submit" highContrast loading={busy}>
                {saveLabel}
              </Button>
            </Flex>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  );
}
