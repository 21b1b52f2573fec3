import { Module } from '@nestjs/common';
import { ApiKeysRepository } from './api-keys.repository';

/** Key storage and lookup, shared by the API (guard, controllers) and the CLI. */
@Module({ providers: [ApiKeysRepository], exports: [ApiKeysRepository] })
export class AuthModule {}
