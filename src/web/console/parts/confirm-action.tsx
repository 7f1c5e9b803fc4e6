/**
 * A destructive action behind a Radix AlertDialog: the trigger, a title and what will happen, Cancel,
 * and the confirming button, which calls the API. A refusal (a 409, a lost connection) is shown in
 * the dialog, which stays open; success closes it.
 */
import { AlertDialog, Button, Callout, Flex, Text } from '@radix-ui/themes';
import { type ReactNode, useState } from 'react';
import type { ApiResult } from '../../api/api-client.ts';
import { describeFailure } from './describe-failure.ts';

export function ConfirmAction({
  trigger,
  triggerLabel,
  title,
  description,
  confirm,
  footnote,
  onConfirm,
}: {
  /** The trigger button's text. */
  trigger: string;
  /** Its accessible name when the text alone is ambiguous in a table ("Revoke Kiosk 2"). */
  triggerLabel?: string;
  title: string;
  description: ReactNode;
  /** The confirming button's text. */
  confirm: string;
  footnote?: ReactNode;
  /** The API call; after a success the caller refreshes what it shows. */
  onConfirm: () => Promise<ApiResult<unknown>>;
}) {
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const run = async () => {
    setSending(true);
    const answer = await onConfirm();
    setSending(false);
    if (!answer.ok) return setProblem(describeFailure(answer.failure));
    setOpen(false);
  };

  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setProblem(null);
      }}
    >
      <AlertDialog.Trigger>
        <Button highContrast variant="soft" color="red" size="1" aria-label={triggerLabel}>
          {trigger}
        </Button>
      </AlertDialog.Trigger>
      <AlertDialog.Content maxWidth="440px">
        <AlertDialog.Title>{title}</AlertDialog.Title>
        <AlertDialog.Description size="2">{description}</AlertDialog.Description>
        {problem ? (
          <Callout.Root highContrast color="red" role="alert" size="1" mt="3">
            <Callout.Text>{problem}</Callout.Text>
          </Callout.Root>
        ) : null}
        <Flex gap="3" mt="4" justify="end">
          <AlertDialog.Cancel>
            <Button highContrast variant="soft" color="gray">
              Cancel
            </Button>
          </AlertDialog.Cancel>
          <Button highContrast color="red" loading={sending} onClick={() => void run()}>
            {confirm}
          </Button>
        </Flex>
        {footnote ? (
          <Text as="p" size="1" color="gray" mt="2">
            {footnote}
          </Text>
        ) : null}
      </AlertDialog.Content>
    </AlertDialog.Root>
  );
}
