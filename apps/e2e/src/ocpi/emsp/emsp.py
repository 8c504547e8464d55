"""An independent eMSP for Voltlane's OCPI tests: extrawest-ocpi (module py_ocpi, a FastAPI OCPI
2.2.1 implementation from PyPI that no one here wrote) run in the EMSP role with the modules
credentials, locations, sessions, cdrs, tariffs, tokens and commands, on 127.0.0.1:<port>.

    python emsp.py --port 8123 --state /tmp/emsp.json [--country-code DE --party-id EMP --name "Test eMSP"]

Its storage (emsp_store.py) keeps everything in one JSON state file, so a restarted eMSP keeps its
credentials, tokens and the objects it received; every OCPI request it receives is recorded
(emsp_recorder.py); /control/... (emsp_control.py) lets a test read that and act as the eMSP."""

import argparse
import os
import sys


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state", required=True, help="JSON state file (created when missing)")
    parser.add_argument("--country-code", default="DE")
    parser.add_argument("--party-id", default="EMP")
    parser.add_argument("--name", default="Independent eMSP")
    parser.add_argument("--log-level", default="warning")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    host = f"127.0.0.1:{args.port}"
    # py_ocpi reads its settings from the environment when it is imported: its own URLs
    # (versions, details, the module endpoints, a CDR's Location) name this host and port.
    os.environ.update(
        {
            "OCPI_HOST": host,
            "PROTOCOL": "http",
            "COUNTRY_CODE": args.country_code,
            "PARTY_ID": args.party_id,
            "PROJECT_NAME": args.name,
            # CiString values (country codes, party ids, uids) kept upper-case, as parties send them.
            "CI_STRING_LOWERCASE_PREFERENCE": "false",
        }
    )
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

    import uvicorn
    from py_ocpi import get_application
    from py_ocpi.core.enums import ModuleID, RoleEnum
    from py_ocpi.modules.versions.enums import VersionNumber

    import emsp_store
    from emsp_control import router as control_router
    from emsp_recorder import RecorderMiddleware

    base_url = f"http://{host}"
    emsp_store.STATE = emsp_store.State(
        args.state,
        {
            "country_code": args.country_code,
            "party_id": args.party_id,
            "name": args.name,
            "base_url": base_url,
            "versions_url": f"{base_url}/ocpi/versions",
        },
    )
    emsp_store.STATE.save()
    app = get_application(
        version_numbers=[VersionNumber.v_2_2_1],
        roles=[RoleEnum.emsp],
        crud=emsp_store.EmspCrud,
        modules=[
            ModuleID.credentials_and_registration,
            ModuleID.locations,
            ModuleID.sessions,
            ModuleID.cdrs,
            ModuleID.tariffs,
            ModuleID.tokens,
            ModuleID.commands,
        ],
        authenticator=emsp_store.EmspAuthenticator,
    )
    app.include_router(control_router)
    app.add_middleware(RecorderMiddleware)
    print(f"eMSP listening on {base_url} (versions: {base_url}/ocpi/versions)", flush=True)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level=args.log_level, access_log=False)


if __name__ == "__main__":
    main()
