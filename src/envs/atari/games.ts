/**
 * The Atari games hadamard-rl knows: the Atari-57 and the homebrew Tetris, each with the md5 of the ROM dump ALE
 * supports (the native settings in native/atari/games/*.cc hold the same md5s; a test compares them) and its
 * bank-switching scheme (by md5 in the MiSTer or CuLE tables, or by title where marked; from
 * ../shared/research/atari57-roms.tsv).
 */
import type { CartScheme } from './cartridge.js';

export interface AtariGame { readonly id: string; readonly md5: string; readonly scheme: CartScheme }

export const ATARI_GAMES = [
  { id: 'alien', md5: 'f1a0a23e6464d954e3a9579c4ccd01c8', scheme: '4K' },
  { id: 'amidar', md5: 'acb7750b4d0c4bd34969802a7deb2990', scheme: '4K' },
  { id: 'assault', md5: 'de78b3a064d374390ac0710f95edde92', scheme: '4K' },
  { id: 'asterix', md5: '89a68746eff7f266bbf08de2483abe55', scheme: 'F8' },
  { id: 'asteroids', md5: 'ccbd36746ed4525821a8083b0d6d2c2c', scheme: 'F8' },
  { id: 'atlantis', md5: '9ad36e699ef6f45d9eb6c4cf90475c9f', scheme: '4K' }, // scheme by title
  { id: 'bank_heist', md5: '00ce0bdd43aed84a983bef38fe7f5ee3', scheme: '4K' },
  { id: 'battle_zone', md5: '41f252a66c6301f1e8ab3612c19bc5d4', scheme: 'F8' },
  { id: 'beam_rider', md5: '79ab4123a83dc11d468fb2108ea09e2e', scheme: 'F8' },
  { id: 'berzerk', md5: '136f75c4dd02c29283752b7e5799f978', scheme: '4K' },
  { id: 'bowling', md5: 'c9b7afad3bfd922e006a6bfc1d4f3fe7', scheme: '2K' },
  { id: 'boxing', md5: 'c3ef5c4653212088eda54dc91d787870', scheme: '2K' },
  { id: 'breakout', md5: 'f34f08e5eb96e500e851a80be3277a56', scheme: '2K' },
  { id: 'centipede', md5: '91c2098e88a6b13f977af8c003e0bca5', scheme: 'F8' },
  { id: 'chopper_command', md5: 'c1cb228470a87beb5f36e90ac745da26', scheme: '4K' },
  { id: 'crazy_climber', md5: '55ef7b65066428367844342ed59f956c', scheme: 'F8' },
  { id: 'defender', md5: '0f643c34e40e3f1daafd9c524d3ffe64', scheme: '4K' },
  { id: 'demon_attack', md5: 'f0e0addc07971561ab80d9abe1b8d333', scheme: '4K' }, // scheme by title
  { id: 'double_dunk', md5: '368d88a6c071caba60b4f778615aae94', scheme: 'F6' },
  { id: 'enduro', md5: '94b92a882f6dbaa6993a46e2dcc58402', scheme: '4K' },
  { id: 'fishing_derby', md5: 'b8865f05676e64f3bec72b9defdacfa7', scheme: '2K' },
  { id: 'freeway', md5: '8e0ab801b1705a740b476b7f588c6d16', scheme: '2K' },
  { id: 'frostbite', md5: '4ca73eb959299471788f0b685c3ba0b5', scheme: '4K' },
  { id: 'gopher', md5: 'c16c79aad6272baffb8aae9a7fff0864', scheme: '4K' },
  { id: 'gravitar', md5: '8ac18076d01a6b63acf6e2cab4968940', scheme: 'F8' },
  { id: 'hero', md5: 'fca4a5be1251927027f2c24774a02160', scheme: 'F8' },
  { id: 'ice_hockey', md5: 'a4c08c4994eb9d24fb78be1793e82e26', scheme: '4K' },
  { id: 'jamesbond', md5: 'e51030251e440cffaab1ac63438b44ae', scheme: 'E0' },
  { id: 'kangaroo', md5: '4326edb70ff20d0ee5ba58fa5cb09d60', scheme: 'F8' },
  { id: 'krull', md5: '4baada22435320d185c95b7dd2bcdb24', scheme: 'F8' },
  { id: 'kung_fu_master', md5: '5b92a93b23523ff16e2789b820e2a4c5', scheme: 'F8' },
  { id: 'montezuma_revenge', md5: '3347a6dd59049b15a38394aa2dafa585', scheme: 'E0' },
  { id: 'ms_pacman', md5: '87e79cd41ce136fd4f72cc6e2c161bee', scheme: 'F8' },
  { id: 'name_this_game', md5: '36306070f0c90a72461551a7a4f3a209', scheme: '4K' },
  { id: 'phoenix', md5: '7e52a95074a66640fcfde124fffd491a', scheme: 'F8' },
  { id: 'pitfall', md5: '3e90cf23106f2e08b2781e41299de556', scheme: '4K' },
  { id: 'pong', md5: '60e0ea3cbe0913d39803477945e9e5ec', scheme: '2K' },
  { id: 'private_eye', md5: 'ef3a4f64b6494ba770862768caf04b86', scheme: 'F8' },
  { id: 'qbert', md5: '484b0076816a104875e00467d431c2d2', scheme: '4K' },
  { id: 'riverraid', md5: '393948436d1f4cc3192410bb918f9724', scheme: '4K' }, // scheme by title
  { id: 'road_runner', md5: 'ce5cc62608be2cd3ed8abd844efb8919', scheme: 'F6' }, // scheme by title
  { id: 'robotank', md5: '4f618c2429138e0280969193ed6c107e', scheme: 'FE' },
  { id: 'seaquest', md5: '240bfbac5163af4df5ae713985386f92', scheme: '4K' },
  { id: 'skiing', md5: 'b76fbadc8ffb1f83e2ca08b6fb4d6c9f', scheme: '2K' },
  { id: 'solaris', md5: 'e72eb8d4410152bdcb69e7fba327b420', scheme: 'F6' },
  { id: 'space_invaders', md5: '72ffbef6504b75e69ee1045af9075f66', scheme: '4K' },
  { id: 'star_gunner', md5: 'a3c1c70024d7aabb41381adbfb6d3b25', scheme: '4K' },
  { id: 'surround', md5: '4d7517ae69f95cfbc053be01312b7dba', scheme: '2K' }, // scheme by title
  { id: 'tennis', md5: '42cdd6a9e42a3639e190722b8ea3fc51', scheme: '2K' },
  { id: 'time_pilot', md5: 'fc2104dd2dadf9a6176c1c1c8f87ced9', scheme: 'F8' },
  { id: 'tutankham', md5: '085322bae40d904f53bdcc56df0593fc', scheme: 'E0' },
  { id: 'up_n_down', md5: 'a499d720e7ee35c62424de882a3351b6', scheme: 'F8' },
  { id: 'venture', md5: '3e899eba0ca8cd2972da1ae5479b4f0d', scheme: '4K' },
  { id: 'video_pinball', md5: '107cc025334211e6d29da0b6be46aec7', scheme: '4K' },
  { id: 'wizard_of_wor', md5: '7e8aa18bc9502eb57daaf5e7c1e94da7', scheme: '4K' },
  { id: 'yars_revenge', md5: 'c5930d0e8cdae3e037349bfa08e871be', scheme: '4K' },
  { id: 'zaxxon', md5: 'eea0da9b987d661264cce69a7c13c3bd', scheme: 'F8' },
  { id: 'tetris', md5: 'b0e1ee07fbc73493eac5651a52f90f00', scheme: '2K' },
] as const satisfies readonly AtariGame[];
export type AtariGameId = (typeof ATARI_GAMES)[number]['id'];
