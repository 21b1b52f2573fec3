import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/principal';
import type { Principal } from '../auth/principal';
import { decodeCursor, PageQuery, toPage } from '../common/pagination';
import { CreateNewsroomDto } from './dto/create-newsroom.dto';
import { Newsroom } from './newsroom.entity';
import { NewsroomsRepository } from './newsrooms.repository';
import { NewsroomView } from '../common/api/views';
import { PageOf } from '../common/api/page';

const view = (n: Newsroom): NewsroomView => ({ id: n.id, name: n.name, url: n.url, createdAt: n.createdAt.toISOString() });

@ApiTags('newsrooms')
@ApiBearerAuth()
@Controller('v1/newsrooms')
@Roles('admin')
export class NewsroomsController {
  constructor(private readonly newsrooms: NewsroomsRepository) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: NewsroomView })
  async create(@CurrentPrincipal() p: Principal, @Body() body: CreateNewsroomDto) {
    return view(await this.newsrooms.create(p, body));
  }

  @Get()
  @ApiOkResponse({ type: PageOf(NewsroomView) })
  async list(@CurrentPrincipal() p: Principal, @Query() q: PageQuery) {
    return toPage(await this.newsrooms.list(p, decodeCursor(q.cursor), q.limit), q.limit, view);
  }
}
