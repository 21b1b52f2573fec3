import { CLAIM_ACTIONS } from '../claims/lifecycle/claim-lifecycle';
import { CLAIM_STATUSES } from '../claims/claim-status';
import { translator } from './i18n';

describe('console messages', () => {
  it.each(['en', 'fr'] as const)('name every claim action and status of the lifecycle in %s', (lang) => {
    const t = translator(lang);
    for (const action of CLAIM_ACTIONS) expect(t(`action_${action}` as never)).not.toBe(`action_${action}`);
    for (const status of CLAIM_STATUSES) expect(t(`status_${status}` as never)).not.toBe(`status_${status}`);
  });
});
