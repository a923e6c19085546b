import { registerMessages } from '../../app/i18n';

registerMessages({
  en: {
    'values.nav': 'Values',
    'values.title': 'Value check',
    'values.help':
      'Shows each panel of the current project as lightness only (CIE L*), the way artists check values in grayscale. Computed on your device: plain colour math in TypeScript, in a background worker (no model, no GPU needed).',
    'values.run': 'Check values',
    'values.task': 'Checking values',
    'values.empty': 'This project has no panels yet. Import some in the Strip view.',
    'values.noProject': 'No project yet. Import a strip first.',
    'values.panel': 'Panel {n}: {name}',
    'values.stats': 'mean L* {mean} · range {p5}–{p95} (5–95 %)',
    'values.flat': 'Low contrast: most values sit within {span} L*.',
    'values.backend': 'computed with {backend} in {ms} ms',
    'values.cpu': 'TypeScript on the CPU',
  },
  ko: {
    'values.nav': '명도',
    'values.title': '명도 확인',
    'values.help':
      '현재 프로젝트의 각 패널을 명도(CIE L*)만으로 보여 줍니다. 흑백으로 명암을 점검할 때처럼 쓰세요. 이 기기에서 계산합니다: 백그라운드 워커에서 TypeScript로 하는 단순한 색 계산입니다(모델도 GPU도 필요 없음).',
    'values.run': '명도 확인',
    'values.task': '명도 확인 중',
    'values.empty': '이 프로젝트에는 아직 패널이 없습니다. 스트립 화면에서 가져오세요.',
    'values.noProject': '아직 프로젝트가 없습니다. 먼저 스트립을 가져오세요.',
    'values.panel': '패널 {n}: {name}',
    'values.stats': '평균 L* {mean} · 범위 {p5}–{p95} (5–95 %)',
    'values.flat': '대비가 낮습니다: 대부분의 명도가 L* {span} 안에 있습니다.',
    'values.backend': '{backend}에서 {ms} ms에 계산',
    'values.cpu': 'CPU의 TypeScript',
  },
});
