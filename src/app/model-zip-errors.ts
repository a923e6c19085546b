/**
 * A model folder's zip that cannot be read, in the user's language (References' CLIP import and
 * Generate's diffusion import): the store worker's `StageAnswer` of kind 'zip'
 * (workers/store/model-files.ts `unzipModel`). Nothing was stored. The text is a reason (no final
 * full stop): each feature puts it in its own "cannot be used" sentence.
 */
import { registerMessages, t } from './i18n';

registerMessages({
  en: {
    'model.zip.foreign': '{name} is not a ZIP file',
    'model.zip.damaged': '{name} is damaged or incomplete and cannot be unpacked',
    'model.zip.too-large':
      '{name} is larger than a model zip may be unpacked to (at most 10,000 files, 2 GB per file, and no more than 20 times the zip itself: model weights barely compress); unzip it and pick the folder instead',
  },
  ko: {
    'model.zip.foreign': '{name}은(는) ZIP 파일이 아닙니다',
    'model.zip.damaged': '{name}이(가) 손상되었거나 불완전해서 풀 수 없습니다',
    'model.zip.too-large':
      '{name}이(가) 모델 ZIP으로 풀 수 있는 크기를 넘습니다(파일 10,000개, 파일당 2GB, ZIP 크기의 20배까지: 모델 가중치는 거의 압축되지 않습니다). 압축을 풀어 폴더로 고르세요',
  },
});

/** The reason a model zip was refused. */
export function modelZipText(answer: { zip: 'foreign' | 'damaged' | 'too-large'; path: string }): string {
  return t(`model.zip.${answer.zip}`, { name: answer.path.split('/').pop() || answer.path });
}
