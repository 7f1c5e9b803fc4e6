/**
 * A store's POS integration: vendor, that vendor's credentials (write-only: the page shows
 * "configured" and the base URL, never a secret), enabled, poll interval; PUT /stores/{id}/integration.
 * A generated webhook key is shown once with a copy button. "Test connection" shows the POS's answer.
 */
import { CheckCircledIcon, CopyIcon, CrossCircledIcon } from '@radix-ui/react-icons';
import {
  Badge,
  Box,
  Button,
  Callout,
  Card,
  Code,
  DataList,
  Flex,
  Heading,
  IconButton,
  Switch,
  Text,
  TextField,
} from '@radix-ui/themes';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { type ApiFailure, messageFor } from '../../../api/api-client.ts';
import { apiQueryKey, useApi, useApiQuery } from '../../api/use-api.ts';
import { describeFailure } from '../../parts/describe-failure.ts';
import { ChoiceSelect } from '../../parts/native-select.tsx';
import { LoadingRows, ProblemCallout } from '../../parts/page-states.tsx';
import { HEALTH_COLORS, HEALTH_LABELS, type Integration, when } from './admin-sync-types.ts';
import { Field } from './store-form.tsx';
import { credentialFieldsOf, credentialsBody, type PosVendorForm } from './vendor-credentials.ts';

export function IntegrationPanel({ storeId }: { storeId: string }) {
  const path = `/stores/${storeId}/integration`;
  const integration = useApiQuery<Integration>(path, { retry: false });
  const missing = integration.error?.failure.kind === 'problem' && integration.error.failure.status === 404;
  if (integration.isPending) return <LoadingRows rows={4} label="Loading the integration" />;
  if (integration.error && !missing)
    return <ProblemCallout failure={integration.error.failure} onRetry={() => integration.refetch()} />;
  return <IntegrationForm storeId={storeId} current={missing ? null : (integration.data ?? null)} />;
}

function IntegrationForm({ storeId, current }: { storeId: string; current: Integration | null }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const [vendor, setVendor] = useState(current?.vendor ?? '');
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [enabled, setEnabled] = useState(current?.enabled ?? true);
  const [interval, setInterval] = useState(String(current?.pollIntervalSeconds ?? 300));
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [webhookSecret, setWebhookSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [testing, setTesting] = useState(false);
  const [test, setTest] = useState<{ ok: boolean; detail: string } | null>(null);

  const forms = useApiQuery<{ items: PosVendorForm[] }>('/pos-vendors', { staleTime: Number.POSITIVE_INFINITY });
  const vendorForms = forms.data?.items ?? [];
  const fields = credentialFieldsOf(vendorForms.find((form) => form.vendor === vendor));
  const sameVendor = current?.vendor === vendor;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setSaved(false);
    const credentials = credentialsBody(fields, typed);
    const body: Record<string, unknown> = { vendor, enabled, pollIntervalSeconds: Number(interval) };
    if (credentials || !sameVendor) body.credentials = credentials ?? {};
    const answer = await api.call<Integration>(`/stores/${storeId}/integration`, { method: 'PUT', body });
    setSaving(false);
    if (!answer.ok) {
      setFailure(answer.failure);
      return;
    }
    setFailure(null);
    setSaved(true);
    setTyped({});
    if (answer.body.webhookSecret) setWebhookSecret(answer.body.webhookSecret);
    const { webhookSecret: _shownOnce, ...kept } = answer.body;
    queryClient.setQueryData(apiQueryKey(`/stores/${storeId}/integration`), kept);
    await queryClient.invalidateQueries({ queryKey: ['api', 'sync-health'] });
  }

  async function runTest() {
    setTesting(true);
    setTest(null);
    const answer = await api.call<{ ok: boolean; detail: string }>(`/stores/${storeId}/integration/test`, {
      method: 'POST',
    });
    setTesting(false);
    setTest(answer.ok ? answer.body : { ok: false, detail: describeFailure(answer.failure) });
  }

  const other =
    failure && (failure.kind === 'network' || failure.errors.length === 0) ? describeFailure(failure) : null;
  return (
    <Card size="3">
      <form onSubmit={submit} aria-label="POS integration" noValidate>
        <Flex justify="between" align="center" mb="3">
          <Heading as="h2" size="4">
            POS integration
          </Heading>
          {current ? (
            <Badge highContrast color={HEALTH_COLORS[current.status]}>
              {HEALTH_LABELS[current.status]}
            </Badge>
          ) : (
            <Badge highContrast color="gray">
              Not configured
            </Badge>
          )}
        </Flex>
        {current ? (
          <DataList.Root size="2" mb="3">
            <DataList.Item>
              <DataList.Label>Credentials</DataList.Label>
              <DataList.Value>
                {current.configured ? `Configured (${current.vendor})` : 'Not configured'}
              </DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Base URL</DataList.Label>
              <DataList.Value>
                <Code variant="ghost">{current.baseUrl}</Code>
              </DataList.Value>
            </DataList.Item>
            <DataList.Item>
              <DataList.Label>Last sync</DataList.Label>
              <DataList.Value>{when(current.lastSyncAt)}</DataList.Value>
            </DataList.Item>
            {current.lastError ? (
              <DataList.Item>
                <DataList.Label>Last error</DataList.Label>
                <DataList.Value>{current.lastError}</DataList.Value>
              </DataList.Item>
            ) : null}
            <DataList.Item>
              <DataList.Label>Webhook key</DataList.Label>
              <DataList.Value>{current.webhookConfigured ? 'Set' : 'Not set'}</DataList.Value>
            </DataList.Item>
          </DataList.Root>
        ) : null}
        <Flex direction="column" gap="2">
          <Flex gap="3" wrap="wrap" align="end">
            <Field label="Vendor" id={`${id}-vendor`} message={messageFor(failure, 'vendor')}>
              <ChoiceSelect
                id={`${id}-vendor`}
                value={vendor}
                placeholder="Choose the POS"
                onChange={(value) => {
                  setVendor(value);
                  setTyped({});
                }}
                options={vendorForms.map((form) => ({ value: form.vendor, label: form.displayName }))}
              />
            </Field>
            <Field
              label="Poll interval (seconds)"
              id={`${id}-interval`}
              message={messageFor(failure, 'pollIntervalSeconds')}
            >
              <TextField.Root
                id={`${id}-interval`}
                type="number"
                min={15}
                max={86400}
                value={interval}
                onChange={(e) => setInterval(e.target.value)}
              />
            </Field>
            <Box className="admin-sync-field">
              <Text as="label" size="2" weight="medium">
                <Flex gap="2" align="center" className="admin-sync-switch">
                  <Switch checked={enabled} onCheckedChange={setEnabled} /> Enabled
                </Flex>
              </Text>
            </Box>
          </Flex>
          {vendor ? (
            <fieldset className="admin-sync-credentials">
              <legend>
                <Text size="2" weight="medium">
                  Credentials
                </Text>{' '}
                <Text size="1" color="gray">
                  {sameVendor
                    ? 'Write-only. Leave blank to keep the stored ones.'
                    : 'Write-only: they are never shown again.'}
                </Text>
              </legend>
              {forms.isPending ? <LoadingRows rows={2} label="Loading the vendor's credentials form" /> : null}
              {forms.isError ? <ProblemCallout failure={forms.error.failure} onRetry={() => forms.refetch()} /> : null}
              <Flex gap="3" wrap="wrap">
                {fields.map((field) => (
                  <Field
                    key={field.name}
                    label={field.label}
                    id={`${id}-cred-${field.name}`}
                    message={messageFor(failure, `credentials.${field.name}`)}
                  >
                    <TextField.Root
                      id={`${id}-cred-${field.name}`}
                      className="admin-sync-credential"
                      type={field.secret ? 'password' : field.kind === 'url' ? 'url' : 'text'}
                      autoComplete="off"
                      value={typed[field.name] ?? ''}
                      placeholder={sameVendor && field.name === 'baseUrl' ? current?.baseUrl : field.example}
                      onChange={(e) => setTyped((was) => ({ ...was, [field.name]: e.target.value }))}
                    />
                  </Field>
                ))}
              </Flex>
              {messageFor(failure, 'credentials') &&
              !fields.some((f) => messageFor(failure, `credentials.${f.name}`)) ? (
                <Text as="p" size="1" color="red" role="alert">
                  {messageFor(failure, 'credentials')}
                </Text>
              ) : null}
            </fieldset>
          ) : null}
          <Flex gap="3" align="center" wrap="wrap">
            <Button type="submit" loading={saving} disabled={!vendor}>
              Save integration
            </Button>
            <Button type="button" variant="soft" loading={testing} disabled={!current} onClick={runTest}>
              Test connection
            </Button>
            <Text size="2" color={other ? 'red' : 'green'} role="status">
              {other ?? (saved ? 'Integration saved.' : '')}
            </Text>
          </Flex>
          {test ? (
            <Callout.Root color={test.ok ? 'green' : 'red'} role="status" aria-label="Connection test">
              <Callout.Icon>{test.ok ? <CheckCircledIcon /> : <CrossCircledIcon />}</Callout.Icon>
              <Callout.Text>
                {test.ok ? 'Connected. ' : 'Not connected. '}
                {test.detail}
              </Callout.Text>
            </Callout.Root>
          ) : null}
          {webhookSecret ? (
            <Callout.Root color="amber" aria-label="Webhook key">
              <Callout.Text>
                The webhook key, shown only now: give it to the POS for signing its webhooks.{' '}
                <Code className="admin-sync-secret">{webhookSecret}</Code>{' '}
                <IconButton
                  type="button"
                  size="1"
                  variant="soft"
                  aria-label="Copy the webhook key"
                  onClick={() =>
                    navigator.clipboard?.writeText(webhookSecret).then(
                      () => setCopied(true),
                      () => undefined,
                    )
                  }
                >
                  <CopyIcon />
                </IconButton>{' '}
                {copied ? 'Copied.' : ''}
              </Callout.Text>
            </Callout.Root>
          ) : null}
        </Flex>
      </form>
    </Card>
  );
}
