import { App } from 'aws-cdk-lib';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addHailongStacks } from '../../infra/app';
import { ROOT } from '../../infra/build';
import { parseDeploymentContext } from '../../infra/context';

describe('deployment context', () => {
  it('accepts a stage and a province and defaults comment retention to three years', () => {
    expect(parseDeploymentContext({ stage: 'prod', province: 'cao-bang' })).toEqual({
      stage: 'prod',
      province: 'cao-bang',
      commentRetentionDays: 1095,
      publicDashboard: 'off',
    });
  });

  it('reads the number of days given on the command line as text', () => {
    expect(
      parseDeploymentContext({ stage: 'dev', province: 'ha-giang', commentRetentionDays: '365' })
        .commentRetentionDays,
    ).toBe(365);
  });

  it.each([
    [{ province: 'cao-bang' }, 'stage'],
    [{ stage: 'Prod!', province: 'cao-bang' }, 'stage=Prod!'],
    [{ stage: 'prod', province: 'Cao Bằng' }, 'province=Cao Bằng'],
    [{ stage: 'prod', province: 'cao-bang', alarmEmail: 'not-an-email' }, 'alarmEmail=not-an-email'],
    [{ stage: 'prod', province: 'cao-bang', publicDashboard: 'yes' }, 'publicDashboard=yes'],
    [{ stage: 'prod', province: 'cao-bang', commentRetentionDays: '7' }, 'commentRetentionDays=7'],
    [{ stage: 'prod', province: 'cao-bang', commentRetentionDays: 'ba năm' }, 'commentRetentionDays=ba năm'],
    [{ stage: 'prod', province: 'cao-bang', domainName: 'danhgia.caobang.gov.vn' }, 'certificateArn'],
    [
      { stage: 'prod', province: 'cao-bang', domainName: 'not a domain', certificateArn: 'x' },
      'domainName=not a domain',
    ],
  ])('refuses %j, naming %s, in Vietnamese and English', (context, named) => {
    let message = '';
    try {
      parseDeploymentContext(context);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('Ngữ cảnh CDK không hợp lệ / Invalid CDK context');
    expect(message).toContain(`-c ${named}`);
    expect(message).toMatch(/ \/ /);
  });

  it('stops the app before building anything when the context is bad', () => {
    const app = new App({ context: { stage: 'prod', province: 'CAO_BANG' } });
    const build = () => {
      throw new Error('must not build');
    };
    expect(() => addHailongStacks(app, { build })).toThrow(/-c province=CAO_BANG: .*must be a slug/);
    expect(app.node.children).toHaveLength(0);
  });

  it('makes `cdk synth` fail with the message and exit code 1 on a bad value', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({
          stage: 'prod',
          province: 'cao-bang',
          alarmEmail: 'ops-at-caobang',
        }),
        CDK_OUTDIR: '/nonexistent-never-written',
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      '-c alarmEmail=ops-at-caobang: phải là địa chỉ e-mail / must be an e-mail address',
    );
  });
});
