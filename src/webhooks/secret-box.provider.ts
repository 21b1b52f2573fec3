import { Logger, Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { SecretBox, WEBHOOK_SECRET_BOX } from './secret-box';

/**
 * The SecretBox built from WEBHOOK_SECRET_KEY, or null when it is unset: the service still boots
 * (so processes that never touch webhooks need no key), but creating or rotating a webhook answers
 * 503 and deliveries fail and retry until the key is configured. npm start and the tests set one.
 */
export const secretBoxProvider: Provider = {
  provide: WEBHOOK_SECRET_BOX,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): SecretBox | null => {
    if (config.webhooks.secretKey) return new SecretBox(config.webhooks.secretKey);
    new Logger('Webhooks').warn(
      'WEBHOOK_SECRET_KEY is not set: webhooks are unavailable (set 32 random bytes in base64, e.g. openssl rand -base64 32)',
    );
    return null;
  },
};

export const SECRET_KEY_MISSING = 'Webhooks are not configured on this server (WEBHOOK_SECRET_KEY is not set)';
