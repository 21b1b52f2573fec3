import { Module } from '@nestjs/common';
import { NewsroomsModule } from '../newsrooms/newsrooms.module';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';

/** Key storage and lookup, shared by the API (guard, controllers, console) and the CLI. */
@Module({
  imports: [NewsroomsModule],
  providers: [ApiKeysRepository, ApiKeysService],
  exports: [ApiKeysRepository, ApiKeysService],
})
export class AuthModule {}
