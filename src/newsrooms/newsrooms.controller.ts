import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { decodeCursor, PageQuery, toPage } from '../platform/api/pagination';
import { CreateNewsroomDto } from './dto/create-newsroom.dto';
import { NewsroomsRepository } from './newsrooms.repository';
import { newsroomView as view, NewsroomView } from './newsroom.view';
import { PageOf } from '../platform/api/page';
import { ApiProblem } from '../platform/api/problems';
import { Authenticated } from '../platform/api/problems';

@ApiTags('newsrooms')
@Authenticated()
@Controller('v1/newsrooms')
@Roles('admin')
export class NewsroomsController {
  constructor(private readonly newsrooms: NewsroomsRepository) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: NewsroomView })
  @ApiProblem(409, 'A newsroom with this name exists')
  async create(@CurrentPrincipal() p: Principal, @Body() body: CreateNewsroomDto) {
    return view(await this.newsrooms.create(p, body));
  }

  @Get()
  @ApiOkResponse({ type: PageOf(NewsroomView) })
  async list(@CurrentPrincipal() p: Principal, @Query() q: PageQuery) {
    return toPage(await this.newsrooms.list(p, decodeCursor(q.cursor), q.limit), q.limit, view);
  }
}
