import { API_ERROR_MESSAGES_ZH } from '@app/contracts';
import { API_ERROR_STATUS, ApiError, type ApiErrorCode } from './api-error.exception';

describe('ApiError messages', () => {
  it.each(Object.keys(API_ERROR_STATUS) as ApiErrorCode[])('%s has a Chinese sentence', (code) => {
    expect((API_ERROR_MESSAGES_ZH as Record<string, string>)[code]).toMatch(/^[\u3400-\u9fff]/);
  });

  it.each([
    {
      code: 'TASK_CLOSED',
      detail: 'This task has already been completed.',
      message: '该任务已办结。(This task has already been completed.)',
    },
    { code: 'VALIDATION_FAILED', detail: 'comment: required', message: '填写内容有误,请检查标出的字段。(comment: required)' },
    { code: 'WRONG_STEP', detail: '', message: '案件已进入其他环节,请刷新后再办理。' },
    { code: 'LOGIN_LOCKED', detail: '登录失败次数过多，请3分钟后再试。(locked)', message: '登录失败次数过多，请3分钟后再试。(locked)' },
  ] as const)('$code: the Chinese sentence leads, the detail follows', ({ code, detail, message }) => {
    expect(new ApiError(code, detail).message).toBe(message);
  });
});
