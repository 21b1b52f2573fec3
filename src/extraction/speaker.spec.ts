import { findSpeaker } from './speaker';

describe('findSpeaker', () => {
  it.each([
    [
      '"Cela fait partie des efforts", a déclaré l\'ambassadrice américaine à l\'Otan Kay Bailey Hutchison.',
      'Kay Bailey Hutchison',
    ],
    [
      "C'est ce qu'a déclaré à Bruxelles le secrétaire général de l'Otan Jens Stoltenberg après la réunion.",
      'Jens Stoltenberg',
    ],
    [
      'Le lieutenant-colonel Earl Brown, porte-parole du CENTCOM a démenti les communiqués sur le retrait.',
      'Earl Brown',
    ],
    ['Selon Marie Curie, le radium est dangereux.', 'Marie Curie'],
    ['Unemployment fell to 3.7 percent, Janet Yellen said on Friday.', 'Janet Yellen'],
  ])('finds the speaker of %p', (sentence, name) => {
    expect(findSpeaker(sentence)?.name).toBe(name);
  });

  it.each([
    ['Les Etats-Unis ont retiré leurs troupes de 15 bases.'],
    ['Selon le député irakien, Washington limiterait sa présence.'],
    [
      "Selon le député irakien, Washington limiterait sa présence aux deux plus grandes bases – Aïn al-Asad, à 180 km à l'ouest de Bagdad.",
    ],
  ])('finds none in %p', (sentence) => {
    expect(findSpeaker(sentence)).toBeNull();
  });
});
