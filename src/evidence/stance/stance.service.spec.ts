import { Logger } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SafeHttpClient } from '../../platform/http/safe-http';
import { loadConfig } from '../../platform/config/config';
import { StanceService } from './stance.service';

const INPUT = {
  claim: 'The United States withdrew its troops from 15 bases in Iraq',
  language: 'en',
  title: 'Iraq',
  text: 'The United States withdrew its troops from 15 bases in Iraq, officials said.',
};

describe('StanceService with a model backend', () => {
  let server: Server;
  let base: string;
  let answer: (body: string) => { status: number; body: string };
  const seen: string[] = [];
  const http = new SafeHttpClient(true);

  beforeAll(async () => {
    Logger.overrideLogger(false); // the fallback warnings are expected here
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push(body);
        const a = answer(body);
        res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await http.close();
    await new Promise((r) => server.close(r));
  });

  const service = (kind: 'openai' | 'nli', path = '/v1/chat/completions') =>
    new StanceService(
      loadConfig({
        DATABASE_URL: 'postgres://x/y',
        REDIS_URL: 'redis://x',
        STANCE_MODEL_URL: base + path,
        STANCE_MODEL_KIND: kind,
        STANCE_MODEL_API_KEY: 'sk-test',
      }),
      http,
    );

  it('takes the stance of an OpenAI-compatible chat completion returning JSON', async () => {
    answer = () => ({
      status: 200,
      body: JSON.stringify({
        choices: [
          {
            message: { content: JSON.stringify({ stance: 'refutes', score: 0.8, rationale: 'The model disagrees.' }) },
          },
        ],
      }),
    });
    const r = await service('openai').score(INPUT);
    expect(r).toMatchObject({
      stance: 'refutes',
      stanceScore: 0.8,
      rationale: expect.stringMatching(/^The model disagrees\. \(The built-in analyzer reads it as supports: /),
      analyzer: 'model',
      builtinStance: 'supports',
    });
    expect(r.relevance).toBeGreaterThan(0.5);
    expect(JSON.parse(seen[seen.length - 1])).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0,
      response_format: { type: 'json_object' },
    });
  });

  it('says when the model and the built-in analyzer disagree (a response in llama.cpp server format)', async () => {
    // The shape llama.cpp's `llama-server` answers on /v1/chat/completions (documented fields; written
    // for this test, not recorded from a running server: no model weights can be fetched here).
    answer = () => ({
      status: 200,
      body: JSON.stringify({
        id: 'chatcmpl-8f3b',
        object: 'chat.completion',
        created: 1733100000,
        model: 'qwen2.5-7b-instruct-q4_k_m.gguf',
        system_fingerprint: 'b4200-1f2e3d4c',
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: {
              role: 'assistant',
              content: '{"stance":"neutral","score":0.61,"rationale":"The source does not say when the troops left."}',
            },
          },
        ],
        usage: { prompt_tokens: 187, completion_tokens: 24, total_tokens: 211 },
        timings: { prompt_ms: 410.2, predicted_ms: 780.5 },
      }),
    });
    const r = await service('openai').score(INPUT);
    expect(r).toMatchObject({ stance: 'neutral', analyzer: 'model', builtinStance: 'supports' });
    expect(r.rationale).toContain('The built-in analyzer reads it as supports');
    answer = () => ({
      status: 200,
      body: JSON.stringify({
        choices: [{ message: { content: '{"stance":"supports","score":0.9,"rationale":"Same facts."}' } }],
      }),
    });
    expect(await service('openai').score(INPUT)).toMatchObject({
      stance: 'supports',
      analyzer: 'model',
      builtinStance: null,
    });
  });

  it('maps an NLI endpoint label to a stance', async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ label: 'ENTAILMENT', score: 0.91 }) });
    expect(await service('nli', '/nli').score(INPUT)).toMatchObject({
      stance: 'supports',
      stanceScore: 0.91,
      analyzer: 'model',
    });
    expect(JSON.parse(seen[seen.length - 1])).toMatchObject({ hypothesis: INPUT.claim });
  });

  it.each([
    ['a 500', () => ({ status: 500, body: '{}' })],
    ['garbage', () => ({ status: 200, body: 'not json' })],
    [
      'an unknown stance',
      () => ({
        status: 200,
        body: JSON.stringify({ choices: [{ message: { content: '{"stance":"maybe","rationale":"x"}' } }] }),
      }),
    ],
  ])('falls back to the built-in analyzer on %s', async (_n, a) => {
    answer = a;
    expect(await service('openai').score(INPUT)).toMatchObject({
      stance: 'supports',
      analyzer: 'builtin',
      builtinStance: null,
      rationale: expect.stringMatching(/^Supports:/),
    });
  });
});
