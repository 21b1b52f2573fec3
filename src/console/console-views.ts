import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import { join } from 'node:path';
import type { PersonLanguage } from '../people/person.entity';
import type { ActiveSession } from '../people/sessions.repository';
import { translator, type Translate } from './i18n';

export interface PageContext {
  lang: PersonLanguage;
  t: Translate;
  me: ActiveSession['person'] | null;
  csrf: string;
  path: string;
}

/**
 * Eta templates of src/console/views (copied beside the compiled code by `npm run build`).
 * Auto-escaping is on: `<%= %>` escapes; `<%~ %>` is used only for the layout's own rendered body.
 */
@Injectable()
export class ConsoleViews {
  private readonly eta = new Eta({
    views: join(__dirname, 'views'),
    autoEscape: true,
    cache: true,
    autoTrim: [false, 'nl'],
  });

  render(name: string, ctx: PageContext, data: Record<string, unknown> = {}): string {
    return this.eta.render(name, { ...ctx, ...data, fmt: dateFormatter(ctx.lang) });
  }

  context(lang: PersonLanguage, session: ActiveSession | null, path: string): PageContext {
    return { lang, t: translator(lang), me: session?.person ?? null, csrf: session?.csrfToken ?? '', path };
  }
}

function dateFormatter(lang: PersonLanguage) {
  const f = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  return (d: Date | string | null) => (d ? `${f.format(new Date(d))} UTC` : '');
}
