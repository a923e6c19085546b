import { describe, expect, it } from 'vitest';
import {
  panelNameText,
  fitText,
  gapAfter,
  layoutPanel,
  planPanel,
  planStoryboard,
  respeak,
  shotOf,
  wrapText,
  BOARD_WIDTH,
  GAP_SCENE,
  GAP_BEAT,
} from '../../src/core/story';
import { GAP_CLOSE } from '../../src/core/story/board-layout';
import { placeWords } from '../../src/core/story/place';

const cast = [{ name: '미나' }, { name: '준' }, { name: 'Mina' }, { name: 'Joon' }];

describe('storyboard plan (ko)', () => {
  it('finds names with particles, quotes with speakers and narration as a caption', () => {
    const p = planPanel('비 오는 밤 거리에서 미나가 준에게 "우산 같이 쓸래?" 하고 물었다.', cast);
    expect(p.characters).toEqual(['미나', '준']);
    // 미나가 asks 준에게 (to 준): the speaker is 미나, not the nearer name.
    expect(p.bubbles).toEqual([{ text: '우산 같이 쓸래?', speaker: '미나' }]);
    expect(p.shot).toBe('medium');
  });
  it('the one spoken to is never the speaker: a dative name, a name inside the quote', () => {
    expect(planPanel('준이 미나한테 “가자”라고 했다.', cast).bubbles).toEqual([{ text: '가자', speaker: '준' }]);
    expect(planPanel('Mina said to Joon, "Let\'s go."', cast).bubbles).toEqual([
      { text: "Let's go.", speaker: 'Mina' },
    ]);
    // 준 has no sheet here; 미나 is named by the narration too, but she is the one greeted.
    const onlyMina = [{ name: '미나' }];
    const p = planPanel('미나는 창가에 앉아 있었다. 준이 문을 열고 들어왔다. "미나야, 기다렸지?"', onlyMina);
    expect(p.characters).toEqual(['미나']);
    expect(p.bubbles).toEqual([{ text: '미나야, 기다렸지?' }]);
    // honorific subject 께서 is a speaker; 준이에게 (name + 이 + 에게) is spoken to; 준 inside 준호에게 is not 준
    const elders = [{ name: '할머니' }, { name: '준' }, { name: '준호' }, { name: '미나' }];
    expect(planPanel('준이 들어오자 할머니께서 "왔니?" 하고 물으셨다.', elders).bubbles[0].speaker).toBe('할머니');
    expect(planPanel('미나가 준이에게 "가자" 했다.', elders).bubbles[0].speaker).toBe('미나');
    expect(planPanel('준이 웃었다. 미나가 준호에게 "가자" 했다.', elders).bubbles[0].speaker).toBe('미나');
    // a name used as a word inside the quote is not a call: 하나 still speaks "하나도 모르겠어"
    expect(planPanel('하나가 "하나도 모르겠어" 하고 말했다.', [{ name: '하나' }]).bubbles[0].speaker).toBe('하나');
    // …while a quote that names no one keeps the narration's only character as its speaker.
    expect(planPanel('미나는 창밖을 봤다. "비가 오네."', onlyMina).bubbles).toEqual([
      { text: '비가 오네.', speaker: '미나' },
    ]);
  });
  it('takes the name nearest before the quote as the speaker', () => {
    const p = planPanel('준은 웃었다. 미나가 “괜찮아”라고 말했다.', cast);
    expect(p.bubbles).toEqual([{ text: '괜찮아', speaker: '미나' }]);
  });
  it('a speech-tag-only narration is no caption and gives no place', () => {
    const p = planPanel('미나가 “안녕!” 하고 말했다.', cast);
    expect(p.captions).toEqual([]);
    expect(p.place).toBe('');
    expect(p.bubbles[0].speaker).toBe('미나');
  });
  it('narration becomes a caption and the place has no names', () => {
    const p = planPanel('미나는 바닷가 모래밭을 걷는다.', cast);
    expect(p.bubbles).toEqual([]);
    expect(p.captions).toEqual(['미나는 바닷가 모래밭을 걷는다.']);
    expect(p.place).toBe('바닷가 모래밭을 걷는다.');
    expect(p.place).not.toContain('미나');
  });
  it('a trial story: no dangling speaker in captions; verbs, adverbs and destinations are no place', () => {
    const plans = planStoryboard(
      '늦은 밤거리, 미나가 혼자 집으로 걸어간다. 미나가 "오늘 정말 피곤하다…"라고 중얼거렸다.\n\n' +
        '그때 준이 뒤에서 뛰어왔다. "미나야, 같이 가!" 준이 외쳤다.\n\n' +
        '미나는 놀라서 뒤돌아보았다. "깜짝이야!"\n\n' +
        '미나와 준이 카페에 앉아 있다. "맛있다!" 준이 말했다.\n\n' +
        '준은 미나를 바라보았다. "응, 너도 먹어 봐."',
      cast,
    );
    expect(plans.map((p) => p.captions[0])).toEqual([
      '늦은 밤거리, 미나가 혼자 집으로 걸어간다.',
      '그때 준이 뒤에서 뛰어왔다.',
      '미나는 놀라서 뒤돌아보았다.',
      '미나와 준이 카페에 앉아 있다.',
      '준은 미나를 바라보았다.',
    ]);
    expect(plans[0].place).toBe('늦은 밤거리, 혼자 걸어간다.'); // 집으로 is where she goes, not where she is
    expect(plans.slice(1, 3).map((p) => [p.place, p.placeFrom])).toEqual([
      [plans[0].place, 0],
      [plans[0].place, 0],
    ]);
    expect(plans[3].place).toContain('카페');
    expect([plans[4].place, plans[4].placeFrom]).toEqual([plans[3].place, 3]);
    // a destination alone is the place; 바다 (two syllables) and 에서 stay place words
    expect(planPanel('미나가 밤거리로 나갔다.', cast).place).toBe('밤거리로 나갔다.');
    expect(planPanel('준이 바다에서 웃으며 걷는다.', cast).place).toBe('바다에서 웃으며 걷는다.');
    expect(planPanel('준이 웃으며 뒤돌아보았다.', cast).place).toBe('');
  });
  it('「」 quotes and close / wide cues', () => {
    expect(planPanel('준이 「가자」 라고 외쳤다.', cast).bubbles).toEqual([{ text: '가자', speaker: '준' }]);
    expect(shotOf('미나의 얼굴에 눈물이 흐른다.')).toBe('close');
    expect(shotOf('멀리 도시의 전경이 보인다.')).toBe('wide');
    expect(shotOf('눈이 내린다.')).toBe('medium'); // 눈 = snow here, not eyes
    expect(shotOf('미나가 앉아 있다.')).toBe('medium');
  });
  it('a dialogue-only panel keeps the previous place; unknown names are not characters', () => {
    const ps = planStoryboard('미나가 학교 교실에 들어왔다. “준, 안녕?” 수진이 “누구야?” 하고 물었다.', cast);
    expect(ps).toHaveLength(3);
    expect(ps[1].place).toBe(ps[0].place);
    expect(ps[1].placeFrom).toBe(0);
    // dialogue only: 미나 stays in the shot, and the greeting that calls 준 is hers
    expect(ps[1].characters).toEqual(['준', '미나']);
    expect(ps[1].bubbles).toEqual([{ text: '준, 안녕?', speaker: '미나' }]);
    // 수진 is not on the character sheet: "수진이" is narration of the panel's own, so it is not a
    // continuation, and the line is nobody's
    expect(ps[2].characters).toEqual([]);
    expect(ps[2].bubbles).toEqual([{ text: '누구야?' }]);
  });
  it('narration about "두 사람" keeps both people of the panel before in the shot', () => {
    const ps = planStoryboard(
      '미나와 준이 카페에 앉아 있다.\n\n공원 벤치에서 두 사람은 말없이 앉아 있었다. 준이 "가자."라고 말했다.',
      cast,
    );
    expect(ps[1].characters.sort()).toEqual(['미나', '준']);
    expect(ps[1].bubbles).toEqual([{ text: '가자.', speaker: '준' }]);
  });
  it('a conversation: a panel of quotes only keeps both people and takes turns (second trial)', () => {
    const ps = planStoryboard(
      '미나와 준이 카페에 앉아 있다. "이거 맛있다!" 준이 말했다.\n\n"정말?" 미나가 물었다.\n\n"그럼 내일 또 오자."',
      cast,
    );
    expect(ps[1].characters).toEqual(['미나', '준']);
    expect(ps[2].characters).toEqual(['미나', '준']);
    expect(ps[2].bubbles).toEqual([{ text: '그럼 내일 또 오자.', speaker: '준' }]);
  });
});

describe('storyboard plan (en)', () => {
  it('speaker after the quote, caption dropped for a speech tag', () => {
    const p = planPanel('"Wait for me," said Joon.', cast);
    expect(p.bubbles).toEqual([{ text: 'Wait for me,', speaker: 'Joon' }]);
    expect(p.captions).toEqual([]);
  });
  it('curly quotes, two speakers, narration kept as caption when it is more than a tag', () => {
    const p = planPanel('At the station Mina waved: “Over here!” Joon ran to her and shouted “Sorry!”', cast);
    expect(p.characters).toEqual(['Mina', 'Joon']);
    expect(p.bubbles).toEqual([
      { text: 'Over here!', speaker: 'Mina' },
      { text: 'Sorry!', speaker: 'Joon' },
    ]);
    expect(p.captions).toHaveLength(1);
    expect(p.place).toContain('station');
  });
  it('shot cues on word boundaries', () => {
    expect(shotOf('A close-up of her face.')).toBe('close');
    expect(shotOf('An establishing shot of the city.')).toBe('wide');
    expect(shotOf('In the distance, mountains.')).toBe('wide');
    expect(shotOf('She closed the door.')).toBe('medium');
    expect(shotOf('Her surface was calm.')).toBe('medium');
  });
  it('Ann is not Anna; a story with no sentences has no panels', () => {
    expect(planPanel('Anna sits.', [{ name: 'Ann' }]).characters).toEqual([]);
    expect(planStoryboard('   \n\n  ', cast)).toEqual([]);
  });
});

describe('storyboard layout', () => {
  it('sizes by shot, 800 wide, characters left / right', () => {
    const l = layoutPanel(planPanel('Mina and Joon sit on a bench.', cast));
    expect(l.width).toBe(BOARD_WIDTH);
    expect(l.height).toBe(800);
    expect(l.characters.map((c) => c.x)).toEqual([224, 576]);
    expect(layoutPanel(planPanel('A wide view of the sea.', cast)).height).toBe(600);
    expect(layoutPanel(planPanel('Close-up of her eyes.', cast)).height).toBe(700);
  });
  it('gutters pace the story: scene change > after a close-up > a beat, none after the last', () => {
    const ps = [
      { place: 'beach', shot: 'medium' as const },
      { place: 'beach', shot: 'close' as const },
      { place: 'beach', shot: 'medium' as const },
      { place: 'room', shot: 'medium' as const },
    ];
    expect([0, 1, 2, 3].map((i) => gapAfter(ps, i))).toEqual([GAP_BEAT, GAP_CLOSE, GAP_SCENE, 0]);
  });
  it('wraps and fits text; grows the box, then cuts with an ellipsis and reports overflow', () => {
    const measure = (t: string, size: number) => Array.from(t).length * size * 0.6;
    expect(wrapText('aa bb cc', 25, 10, measure)).toEqual(['aa', 'bb', 'cc']);
    expect(wrapText('aa bb cc', 40, 10, measure)).toEqual(['aa bb', 'cc']);
    expect(wrapText('가나다라마바사', 30, 10, measure)).toEqual(['가나다라마', '바사']);
    const ok = fitText('Hello there', 320, 150, 400, measure);
    expect(ok.overflow).toBe(false);
    expect(ok.fontSize).toBe(30);
    const grown = fitText('word '.repeat(80), 320, 150, 400, measure);
    expect(grown.overflow).toBe(false);
    expect(grown.height).toBeGreaterThan(150);
    const cut = fitText('word '.repeat(400), 320, 150, 400, measure);
    expect(cut.overflow).toBe(true);
    expect(cut.lines.at(-1)?.endsWith('…')).toBe(true);
  });
});

describe('respeak (the editor gives a bubble to another speaker)', () => {
  it('moves the bubble over its new speaker, or keeps it in place with no tail', () => {
    const plan = planPanel('준이 “가자!” 하고 외쳤다. 미나가 웃었다.', cast);
    const layout = layoutPanel(plan);
    const i = layout.bubbles.findIndex((b) => b.kind === 'speech');
    expect(layout.bubbles[i].speaker).toBe('준');
    const mina = layout.characters.find((c) => c.name === '미나')!;
    const to = respeak(layout, i, '미나');
    expect(to.bubbles[i].speaker).toBe('미나');
    const b = to.bubbles[i];
    expect(b.x).toBe(Math.round(Math.min(Math.max(mina.x - b.w / 2, 16), layout.width - b.w - 16)));
    const none = respeak(to, i, '');
    expect(none.bubbles[i].speaker).toBeUndefined();
    expect(none.bubbles[i].x).toBe(b.x);
    expect(respeak(layout, -1, '미나')).toBe(layout); // no such bubble: unchanged
  });
});

describe('storyboard panel names in the strip', () => {
  it('drop quote marks, cut at a word with "…", keep short texts whole', () => {
    expect(
      panelNameText('늦은 밤거리, 미나가 혼자 집으로 걸어간다. 미나가 "오늘 정말 피곤하다…"라고 중얼거렸다.'),
    ).toBe('늦은 밤거리, 미나가 혼자 집으로 걸어간다. 미나가 오늘 정말…');
    expect(panelNameText('집 앞에서 "야옹."')).toBe('집 앞에서 야옹');
    expect(panelNameText('준이 학교에 간다.')).toBe('준이 학교에 간다');
    expect(panelNameText('a'.repeat(50))).toBe(`${'a'.repeat(40)}…`);
  });
});

describe('storyboard place words (place.ts)', () => {
  const place = (t: string) => placeWords(t, () => false);
  it('keeps nouns that look like verb endings: 경찰서, 냉장고, 밤바다, 캐나다, 통로, 도로', () => {
    for (const t of [
      '경찰서.',
      '냉장고',
      '밤바다.',
      '캐나다.',
      '어두운 통로',
      '큰 도로',
      '비 오는 종로',
      '지하 주차장으로',
    ])
      expect(place(t), t).toBe(t.replace(/[.]$/u, '.'));
    expect(place('어두운 지하 통로로 달려간다')).toBe('어두운 지하 통로로 달려간다'); // no setting named: keep its only place
  });
  it('drops a destination only when the setting is named; nothing left that names a place → ""', () => {
    expect(place('학교에서 집으로 돌아간다.')).toBe('학교에서 돌아간다.');
    expect(place('늦은 밤거리, 혼자 집으로 걸어간다.')).toBe('늦은 밤거리, 혼자 걸어간다.');
    for (const t of ['놀라서 뒤돌아보았다.', '그때 뒤에서 뛰어왔다.', '바라보았다.']) expect(place(t), t).toBe('');
  });
});
