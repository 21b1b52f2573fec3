import { reportWebhookContract } from '../helpers/webhook-receiver';

// A webhook body a test receiver got that the OpenAPI document does not describe fails the test that received it.
afterEach(() => reportWebhookContract());
afterAll(() => reportWebhookContract());
