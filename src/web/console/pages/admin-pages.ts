/** The admins' and the data policy's pages, one lazily loaded chunk: staff at the counter never download them. */
export { ApiKeysPage } from './admin-people/api-keys-page.tsx';
export { UsersPage } from './admin-people/users-page.tsx';
export { WebhooksPage } from './admin-people/webhooks-page.tsx';
export { NewStorePage, StorePage } from './admin-sync/store-page.tsx';
export { StoresListPage } from './admin-sync/stores-list-page.tsx';
export { SyncRunPage } from './admin-sync/sync-run-page.tsx';
export { SyncRunsPage } from './admin-sync/sync-runs-page.tsx';
export { DataPolicyPage } from './data-policy/data-policy-page.tsx';
