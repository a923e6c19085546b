import { registerMessages } from '../../app/i18n';

registerMessages({
  en: {
    'values.nav': 'Values',
    'values.title': 'Value check',
    'values.help':
      'Shows each panel of the current project as lightness only, the way artists check values in grayscale: do the light and dark areas still read without colour? Lightness runs from 0 (black) to 100 (white). Worked out on this computer in a moment; no model and no graphics card needed.',
    'values.run': 'Check values',
    'values.task': 'Checking values',
    'values.empty': 'This project has no panels yet. Import some in the Strip view.',
    'values.noProject': 'No project yet. Import a strip first.',
    'values.panel': 'Panel {n}: {name}',
    'values.stats': 'average lightness {mean} · most of the panel between {p5} and {p95}',
    'values.flat': 'Low contrast: most of the panel sits within {span} lightness steps (of 100).',
    'values.backend': 'computed with {backend} in {ms} ms',
    'values.cpu': 'the processor (CPU)',
  },
  ko: {
    'values.nav': '명도',
    'values.title': '명도 확인',
    'values.help':
      '현재 프로젝트의 각 컷에서 색을 빼고 밝기(명도)만 보여 줍니다. 색 없이도 밝은 곳과 어두운 곳이 잘 읽히는지 흑백으로 점검할 때 쓰세요. 명도는 0(검정)부터 100(흰색)까지입니다. 이 컴퓨터에서 바로 계산하며 모델이나 그래픽 카드가 필요 없습니다.',
    'values.run': '명도 확인',
    'values.task': '명도 확인 중',
    'values.empty': '이 프로젝트에는 아직 컷이 없습니다. 스트립 화면에서 가져오세요.',
    'values.noProject': '아직 프로젝트가 없습니다. 먼저 스트립을 가져오세요.',
    'values.panel': '{n}번 컷: {name}',
    'values.stats': '평균 명도 {mean} · 컷 대부분이 {p5}–{p95} 사이',
    'values.flat': '대비가 낮습니다: 컷 대부분의 명도 차이가 100 중 {span} 안에 있습니다.',
    'values.backend': '{backend}에서 {ms} ms에 계산',
    'values.cpu': '프로세서(CPU)',
  },
});
