/** Strings of "Colour as <name>" (character palette applied to a panel; en, ko). */
import { registerMessages } from '../../app/i18n';

registerMessages({
  en: {
    'colorize.colourAs': 'Colour as {name}',
    'colorize.paletteDeleted': 'Deleted the palette “{name}”.',
    'colorize.colourAsLabel': 'Colour the selected panel as {name}: give its colours to the matching regions',
    'colorize.colourAsNoPanel': 'Select a panel to colour as {name} first.',
    'colorize.colourAsNoSource':
      '{name} has not coloured a panel yet: colour one panel with its colours first, then use "Colour as {name}" on the next.',
    'colorize.colourAsNone': 'No region of this panel matched {name}. Nothing was changed; add hints by hand.',
    'colorize.colourAsDone': '{n} region(s) coloured as {name}. Correct any region with a hint.',
  },
  ko: {
    'colorize.colourAs': '{name}{으로:name} 색칠',
    'colorize.paletteDeleted': '“{name}” 팔레트를 지웠습니다.',
    'colorize.colourAsLabel': '선택한 컷을 {name}{으로:name} 색칠: 팔레트 색을 맞는 영역에 칠합니다',
    'colorize.colourAsNoPanel': '{name}{으로:name} 색칠할 컷을 먼저 선택하세요.',
    'colorize.colourAsNoSource':
      '{name} 팔레트로 칠한 컷이 아직 없습니다. 먼저 한 컷을 팔레트 색으로 칠한 뒤 다음 컷에서 "{name}{으로:name} 색칠"을 쓰세요.',
    'colorize.colourAsNone':
      '이 컷에서 {name}{와:name} 맞는 영역을 찾지 못했습니다. 아무것도 바꾸지 않았습니다. 힌트를 직접 추가하세요.',
    'colorize.colourAsDone': '영역 {n}개를 {name}{으로:name} 색칠했습니다. 틀린 영역은 힌트로 고치세요.',
  },
});
