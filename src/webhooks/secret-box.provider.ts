import { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SecretBox, WEBHOOK_SECRET_BOX } from './secret-box';

/** The SecretBox built from WEBHOOK_SECRET_KEY; boot fails without it (npm start and the tests provide one). */
export const secretBoxProvider: Provider = {
  provide: WEBHOOK_SECRET_BOX,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => {
    if (!config.webhooks.secretKey) throw new Error('WEBHOOK_SECRET_KEY is not set: 32 random bytes in base64 (openssl rand -base64 32), used to encrypt webhook secrets at rest');
    return new SecretBox(config.webhooks.secretKey);
  },
};
