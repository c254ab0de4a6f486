import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './load-config';
import { APP_CONFIG } from './tokens';

/** Provides the AppConfig validated once at boot by the process's main.ts. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}
