// The 127.0.0.1 ports `npm run stack` listens on. By default, the ports docker-compose.yml
// publishes, read from the resolved compose project so that the two cannot drift apart;
// each can be changed with an environment variable, and 0 lets the OS choose (the stack's
// own test runs that way). Components compose does not publish (PostgreSQL, the auth
// service) get a port chosen at start unless their variable names one.
export const PORT_SETTINGS = [
  { key: 'otlpGrpc', component: 'Collector (OTLP/gRPC)', service: 'otel-collector', target: 4317, variable: 'STACK_OTLP_GRPC_PORT' },
  { key: 'otlpHttp', component: 'Collector (OTLP/HTTP)', service: 'otel-collector', target: 4318, variable: 'STACK_OTLP_HTTP_PORT' },
  { key: 'prometheus', component: 'Prometheus', service: 'prometheus', target: 9090, variable: 'STACK_PROMETHEUS_PORT' },
  { key: 'alertmanager', component: 'Alertmanager', service: 'alertmanager', target: 9093, variable: 'STACK_ALERTMANAGER_PORT' },
  { key: 'inbox', component: 'Alert inbox', service: 'alert-inbox', target: 9095, variable: 'STACK_INBOX_PORT' },
  { key: 'blackbox', component: 'Blackbox exporter', service: 'blackbox-exporter', target: 9115, variable: 'STACK_BLACKBOX_PORT' },
  { key: 'app', component: 'Demo shop', service: 'demo-app', target: 3000, variable: 'STACK_SHOP_PORT' },
  { key: 'grafana', component: 'Grafana', service: 'grafana', target: 3000, variable: 'STACK_GRAFANA_PORT' },
  { key: 'postgres', component: 'PostgreSQL', service: 'postgres', target: 5432, variable: 'STACK_POSTGRES_PORT' },
  { key: 'auth', component: 'Auth service', service: 'auth', target: 3001, variable: 'STACK_AUTH_PORT' },
];

/** The host port compose publishes for a service's container port, or 0 when it publishes none. */
export function publishedPort(project, service, target) {
  const mapping = project.services[service]?.ports?.find((entry) => entry.target === target);
  return mapping ? Number(mapping.published) : 0;
}

/**
 * Every component's port (key -> number) from compose and the environment, and a message
 * for each variable whose value is not a port.
 */
export function stackPorts(project, env = process.env) {
  const ports = {};
  const problems = [];
  for (const setting of PORT_SETTINGS) {
    const raw = env[setting.variable];
    if (raw === undefined || raw === '') {
      ports[setting.key] = publishedPort(project, setting.service, setting.target);
      continue;
    }
    const port = Number(raw);
    if (Number.isInteger(port) && port >= 0 && port <= 65535) ports[setting.key] = port;
    else problems.push(`${setting.variable}=${JSON.stringify(raw)} is not a port (a whole number from 0 to 65535; 0 lets the OS choose)`);
  }
  return { ports, problems };
}

/** The setting whose port this is, to name the component and the variable in a message. */
export function settingOfPort(ports, port) {
  return PORT_SETTINGS.find((setting) => ports[setting.key] === port);
}
