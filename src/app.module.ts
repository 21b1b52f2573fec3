import { DynamicModule, Module } from '@nestjs/common';
import { ApiModule } from './api.module';
import { AppConfig } from './platform/config/config';
import { CoreModule } from './core.module';
import { WorkerModule } from './worker.module';

/** Composes the process for ROLE: the shared core, plus the API, the worker, or both. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const withApi = config.role !== 'worker';
    const withWorker = config.role !== 'api';
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), ...(withApi ? [ApiModule] : []), ...(withWorker ? [WorkerModule] : [])],
    };
  }
}
