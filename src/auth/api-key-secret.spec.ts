import { createHash } from 'node:crypto';
import { hashApiKey } from './api-key-secret';

describe('hashApiKey', () => {
  it('keeps the hash stored keys have: the hex SHA-256 of the UTF-8 key', () => {
    // Computed once with createHash; a change here would refuse every key already issued.
    expect(hashApiKey('cbk_test')).toBe('81d6baa0a4cd2469835f84940bf22a167f0ca097c806fa8d5bc629f1b9edde0d');
    expect(hashApiKey('clé')).toBe(createHash('sha256').update('clé', 'utf8').digest('hex'));
  });
});
