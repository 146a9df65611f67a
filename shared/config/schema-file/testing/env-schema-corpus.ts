// .env.schema files for the varlock differential test: varlock's own documented examples plus one file per
// decorator, type and header default. `env` sets @currentEnv's variable when varlock loads it.
export interface CorpusSchema {
  name: string;
  text: string;
  env?: Record<string, string>;
}

export const ENV_SCHEMA_CORPUS: CorpusSchema[] = [
  {
    name: 'varlock skill example',
    text: `# @defaultSensitive=false @defaultRequired=infer
# @currentEnv=$APP_ENV
# ---

# @type=enum(dev, staging, prod)
APP_ENV=dev

# @type=url
API_URL=https://api.example.com

# Description of this var
# @sensitive @required @type=string(startsWith=sk-)
# @docs(https://xyzapi.com/docs/auth)
XYZ_API_KEY=
`,
  },
  {
    name: '@env-spec readme example',
    text: `# Stripe secret api key
# @required @sensitive @type=string(startsWith="sk_")
# @docs(https://docs.stripe.com/keys)
STRIPE_SECRET_KEY=sk_test_abc
`,
  },
  { name: 'no header: required and sensitive by default', text: 'A=\nB=value\nC=""\n' },
  { name: 'defaultRequired=false', text: '# @defaultRequired=false\n# ---\nA=\nB=1\n# @required\nC=\n' },
  { name: 'defaultRequired=infer', text: '# @defaultRequired=infer\n# ---\nA=\nB=""\nC=x\nD=undefined\n# @optional\nE=set\n# @required\nF=\n' },
  { name: 'defaultRequired=infer counts computed values', text: '# @defaultRequired=infer\n# ---\nA=x\nB=$A\nC=${A}/v2\nD=concat($A, "-x")\nE="$A"\nF=\'$A\'\n' },
  { name: 'defaultSensitive=false', text: '# @defaultSensitive=false\n# ---\nA=\n# @sensitive\nB=\n' },
  { name: 'defaultSensitive=inferFromPrefix', text: '# @defaultSensitive=inferFromPrefix(PUBLIC_)\n# ---\nPUBLIC_URL=https://x.dev\nSECRET=\n# @sensitive\nPUBLIC_BUT_SECRET=\n' },
  { name: 'header blocks separated by blank lines', text: '# @defaultRequired=false\n\n# @defaultSensitive=false\n\n# desc of A\nA=\n' },
  { name: 'header with text and a divider', text: '# My service\n# @defaultRequired=false\n# ---\n# @sensitive=false\nB=\n' },
  { name: '@public and @sensitive=false', text: '# @public\nA=x1\n# @sensitive=false\nB=x2\n# @sensitive=true\nC=x3\n' },
  { name: '@optional and @required values', text: '# @optional\nA=\n# @optional=false\nB=\n# @required=false\nC=\n# @required=true\nD=\n' },
  { name: 'descriptions', text: '# @defaultSensitive=false\n# ---\n# first line\n# second line\nA=\n\n# only text\n# @type=number\nB=1\n# @type=boolean\n# trailing text\nC=true\n' },
  { name: 'post-value comment decorators', text: '# @defaultSensitive=false\n# ---\nA=yes # @type=boolean\nB=ok # just words\nC="q #" # @optional\n' },
  { name: 'inferred types', text: '# @defaultSensitive=false\n# ---\nPORT=3000\nRATE=0.5\nFLAG=true\nOFF=false\nQUOTED="3000"\nVERSION=1.2.3\nNEG=-4\n' },
  { name: 'string options', text: '# @defaultSensitive=false\n# ---\n# @type=string(minLength=2, maxLength=10)\nA=abc\n# @type=string(startsWith=pk_, endsWith=_x)\nB=pk_1_x\n# @type=string(matches="^[a-z]+$")\nC=abc\n# @type=string(isLength=4)\nD=abcd\n' },
  { name: 'number options', text: '# @defaultSensitive=false\n# ---\n# @type=number(min=1, max=10)\nA=5\n# @type=number(isInt=true)\nB=3\n# @type=number(precision=0)\nC=7\n' },
  { name: 'url, email, port, ip, domain', text: '# @defaultSensitive=false\n# ---\n# @type=url\nA=https://a.dev\n# @type=url\nDB=postgres://u@h/db\n# @type=email\nB=a@b.dev\n# @type=port\nC=8080\n# @type=ip\nD=10.0.0.1\n# @type=domain\nE=example.com\n' },
  { name: 'url allowedProtocols', text: '# @defaultSensitive=false\n# ---\n# @type=url(allowedProtocols=[https, redis])\nA=redis://h:6379\n' },
  { name: 'enums', text: '# @defaultSensitive=false\n# ---\n# @type=enum(a, b, c)\nA=a\n# @type=enum("x y", z)\nB=z\n# @type=enum(1, 2, 3)\nC=2\n' },
  { name: 'formats checked by pattern', text: '# @defaultSensitive=false\n# ---\n# @type=uuid\nA=123e4567-e89b-12d3-a456-426614174000\n# @type=md5\nB=d41d8cd98f00b204e9800998ecf8427e\n# @type=semver\nC=1.2.3-beta.1\n' },
  { name: 'types Stackdeck reads as strings', text: '# @defaultSensitive=false\n# ---\n# @type=duration\nA=1h\n# @type=isoDate\nB=2024-01-01\n# @type=simple-object\nC=\'{"a":1}\'\n' },
  { name: 'deprecated', text: '# @defaultSensitive=false\n# ---\n# @deprecated\nA=1\n# @deprecated="use NEW_B"\nB=2\n# @deprecated=false\nC=3\n' },
  { name: 'example and docs', text: '# @defaultSensitive=false\n# ---\n# The key\n# @example="sk-123" @docs(https://a.dev/keys)\n# @docs("Guide", https://b.dev)\n# @docsUrl=https://c.dev\nA=\n' },
  { name: 'inert decorators', text: '# @defaultSensitive=false\n# ---\n# @icon=mdi:key @tag(auth) @auditIgnore\nA=x\n' },
  { name: 'forEnv in prod', env: { APP_ENV: 'prod' }, text: '# @currentEnv=$APP_ENV\n# @defaultSensitive=false\n# ---\nAPP_ENV=dev\n# @required=forEnv(prod, staging)\nA=\n# @optional=forEnv(prod)\nB=\n' },
  { name: 'forEnv in dev', env: { APP_ENV: 'dev' }, text: '# @currentEnv=$APP_ENV\n# @defaultSensitive=false\n# ---\nAPP_ENV=dev\n# @required=forEnv(prod, staging)\nA=\n# @optional=forEnv(prod)\nB=\n' },
  { name: 'multiline and quotes', text: '# @defaultSensitive=false\n# ---\nA="line one\nline two"\nB=\'single\'\nC=`back`\n# @optional\nD=after\n' },
  { name: 'computed values', text: '# @defaultSensitive=false @defaultRequired=false\n# ---\nA=exec(`echo hi`)\nB=fallback($X, "d")\nX=\n' },
  // Bad input: varlock refuses these, and so must the reader's problems say (errors), without throwing.
  { name: 'bad: unknown item decorator', text: '# @bogus\nA=1\n' },
  { name: 'bad: unknown type', text: '# @type=integer\nA=1\n' },
  { name: 'bad: @description is not a decorator', text: '# @description="x"\nA=1\n' },
  { name: 'bad: detached decorators', text: 'A=1\n# @required\n\nB=2\n' },
  { name: 'bad: item decorator in header', text: '# @required\n\nA=1\n' },
  { name: 'bad: root decorator on an item', text: 'A=1\n# @defaultRequired=false\nB=2\n' },
  { name: 'bad: @required with @optional', text: '# @required @optional\nA=1\n' },
  { name: 'bad: defaultRequired value', text: '# @defaultRequired=maybe\n# ---\nA=1\n' },
  { name: 'bad: forEnv without currentEnv', text: '# @required=forEnv(prod)\nA=\n' },
];
