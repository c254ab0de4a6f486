// Layering rules (STYLE.md 2): domain code is framework-free; contexts talk through their index.ts;
// apps never import each other.

module.exports = {
  forbidden: [
    {
      name: 'domain-is-framework-free',
      severity: 'error',
      comment: 'domain/ holds pure TypeScript: no Nest, TypeORM, BullMQ, ioredis, HTTP clients',
      from: { path: '^libs/[^/]+/src/domain/' },
      to: { path: 'node_modules/(@nestjs|typeorm|bullmq|ioredis|mysql2|undici|fastify|opossum)' },
    },
    {
      name: 'domain-depends-on-nothing-outside',
      severity: 'error',
      comment: 'domain/ may use other domain files and technical libs, never application, infrastructure or apps',
      from: { path: '^libs/[^/]+/src/domain/' },
      to: { path: '^(apps/|libs/[^/]+/src/(application|infrastructure)/)' },
    },
    {
      name: 'application-does-not-import-infrastructure',
      severity: 'error',
      comment: 'application/ (use cases, ports) depends on ports it declares; adapters in infrastructure/ implement them',
      from: { path: '^libs/[^/]+/src/application/' },
      to: { path: '^libs/[^/]+/src/infrastructure/' },
    },
    {
      name: 'contexts-through-index',
      severity: 'error',
      comment: 'import another lib only through its index.ts (@nce/<lib>)',
      from: { path: '^libs/([^/]+)/src/' },
      to: { path: '^libs/([^/]+)/src/.+', pathNot: ['^libs/$1/src/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'apps-use-lib-index-only',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'apps-do-not-import-apps',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/', pathNot: '^libs/testing/' },
      to: { path: '^apps/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.(spec|int-spec|e2e-spec)\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
