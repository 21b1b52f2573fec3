import { isLoopbackHost, type AppConfig } from '../platform/config/config';

/**
 * What `npm start` prints once running. It never prints the admin key itself (terminal scrollback
 * and logs outlive it): it says where the key is and how to use it.
 */
export function localBanner(o: {
  config: AppConfig;
  base: string;
  keyFromFile: boolean;
  generatedKey: boolean;
  dashboardTokenFromFile?: boolean;
}): string {
  const { config, base } = o;
  const bearer = o.keyFromFile ? '$(cat .data/admin.key)' : '$BOOTSTRAP_ADMIN_KEY';
  const loopbackOnly = isLoopbackHost(config.host);
  return [
    '',
    `Corroborate is running (ROLE=${config.role}).`,
    `  Listening: ${config.host}:${base.split(':').pop()}${loopbackOnly ? ' (loopback only: not reachable from other machines; set HOST=0.0.0.0 to change)' : ' (reachable from other machines)'}`,
    `  API:       ${base}/v1`,
    `  Docs:      ${base}/docs  (OpenAPI: ${base}/docs/openapi.json)`,
    `  Health:    ${base}/health/ready`,
    o.keyFromFile
      ? `  Admin key: ${o.generatedKey ? 'created now, ' : ''}kept in .data/admin.key (not shown here)`
      : '  Admin key: the value of BOOTSTRAP_ADMIN_KEY',
    `  Try:       curl -H "Authorization: Bearer ${bearer}" ${base}/v1/me`,
    config.allowPrivateNetworks
      ? '  Outbound:  ALLOW_PRIVATE_NETWORKS=true: webhooks and providers may reach loopback and private addresses (local use only; set ALLOW_PRIVATE_NETWORKS=false to refuse them)'
      : '  Outbound:  public addresses only (ALLOW_PRIVATE_NETWORKS=false)',
    `  Metrics:   ${base}/metrics${config.metricsToken ? ' (Authorization: Bearer <METRICS_TOKEN>)' : config.metricsPublic ? ' (no token: METRICS_PUBLIC=true)' : ' off (set METRICS_TOKEN)'}`,
    config.queueDashboard.token
      ? `  Queues:    ${base}/admin/queues (the operator's dashboard${config.queueDashboard.readOnly ? ', read-only' : ''}: user any, password ${o.dashboardTokenFromFile ? 'in .data/queue-dashboard.token' : 'QUEUE_DASHBOARD_TOKEN'}; API keys do not open it)`
      : '  Queues:    dashboard off (set QUEUE_DASHBOARD_TOKEN)',
    '  More keys: POST /v1/api-keys with the admin key, or: npm run cli -- create-organization --name "My desk"',
    '',
  ].join('\n');
}
