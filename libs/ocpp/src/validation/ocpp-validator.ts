import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { type RpcErrorName } from '../errors/error-codes';
import { actionInfo } from '../catalog/catalog';
import { schemaFor, schemasOf, type SchemaKind } from '../schemas/schema-registry';
import { OCPP_VERSIONS, type OcppVersion } from '../versions/ocpp-version';
import { describeAjvError, rpcErrorForKeyword } from './ajv-error-mapping';

export type ValidationOutcome = { ok: true } | { ok: false; error: RpcErrorName; message: string };

const VALID: ValidationOutcome = Object.freeze({ ok: true });

interface VersionValidators {
  readonly ajv: Ajv;
  readonly request: Map<string, ValidateFunction>;
  readonly response: Map<string, ValidateFunction>;
}

function createAjv(): Ajv {
  const ajv = new Ajv({
    // The schemas carry non-standard keywords (javaType, comment) and `additionalItems` next to
    // a single `items` schema; strict mode would reject them.
    strict: false,
    allErrors: false,
    // The 1.6 `limit` / `minChargingRate` fields are `multipleOf: 0.1`; without a tolerance
    // 0.3 / 0.1 = 2.9999999999999996 and valid values such as 0.3 or 1.1 fail.
    multipleOfPrecision: 9,
    // Each schema is compiled exactly once and cached here; keep ajv's own registry empty.
    addUsedSchema: false,
  });
  // RFC 3339 date-time: offsets and fractional seconds are accepted, a missing zone is not.
  addFormats(ajv, ['date-time', 'uri']);
  return ajv;
}

/**
 * Validates OCPP payloads against the official JSON schemas. Validators are compiled lazily on
 * first use per version + action + kind and cached; call `precompile()` at start-up to pay that
 * cost up front. Never mutates the payload.
 */
export class OcppValidator {
  private readonly versions = new Map<OcppVersion, VersionValidators>();

  /** Validates a CALL (or SEND) payload. */
  validateRequest(version: OcppVersion, action: string, payload: unknown): ValidationOutcome {
    return this.validate(version, action, 'request', payload);
  }

  /** Validates a CALLRESULT payload answering a CALL of `action`. */
  validateResponse(version: OcppVersion, action: string, payload: unknown): ValidationOutcome {
    return this.validate(version, action, 'response', payload);
  }

  /** Compiles every schema of `version` now. */
  precompile(version: OcppVersion): void {
    const schemas = schemasOf(version);
    for (const action of schemas.requests.keys()) this.validatorFor(version, action, 'request');
    for (const action of schemas.responses.keys()) this.validatorFor(version, action, 'response');
  }

  /** Compiles every schema of every version. */
  precompileAll(): void {
    for (const version of OCPP_VERSIONS) this.precompile(version);
  }

  private validate(version: OcppVersion, action: string, kind: SchemaKind, payload: unknown): ValidationOutcome {
    const validateFn = this.validatorFor(version, action, kind);
    if (validateFn === undefined) return this.noSchema(version, action, kind);
    if (validateFn(payload)) return VALID;
    const first = validateFn.errors?.[0];
    if (first === undefined) return { ok: false, error: 'FormatViolation', message: `invalid ${action} ${kind}` };
    return { ok: false, error: rpcErrorForKeyword(first.keyword), message: describeAjvError(first) };
  }

  private noSchema(version: OcppVersion, action: string, kind: SchemaKind): ValidationOutcome {
    if (kind === 'response' && actionInfo(version, action)?.send === true) {
      return { ok: false, error: 'ProtocolError', message: `${action} is a SEND message and has no response` };
    }
    return { ok: false, error: 'NotImplemented', message: `unknown ${version} action ${action}` };
  }

  private validatorFor(version: OcppVersion, action: string, kind: SchemaKind): ValidateFunction | undefined {
    let forVersion = this.versions.get(version);
    if (forVersion === undefined) {
      forVersion = { ajv: createAjv(), request: new Map(), response: new Map() };
      this.versions.set(version, forVersion);
    }
    const cache = forVersion[kind];
    let validateFn = cache.get(action);
    if (validateFn === undefined) {
      const schema = schemaFor(version, action, kind);
      if (schema === undefined) return undefined;
      // Compile without the `$id`: ajv 8.18+ resolves ids with fast-uri, which rejects the bundled
      // `urn:Authorize.req` ids ("URN without nid"). All refs are local (`#/definitions/...`).
      const { $id: _id, ...withoutId } = schema;
      validateFn = forVersion.ajv.compile(withoutId);
      cache.set(action, validateFn);
    }
    return validateFn;
  }
}

/** Shared instance: one set of compiled validators per process. */
export const ocppValidator = new OcppValidator();
