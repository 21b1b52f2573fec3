import { Module } from '@nestjs/common';
import { NewsroomsController } from './newsrooms.controller';
import { NewsroomsRepository } from './newsrooms.repository';

@Module({ controllers: [NewsroomsController], providers: [NewsroomsRepository], exports: [NewsroomsRepository] })
export class NewsroomsModule {}
