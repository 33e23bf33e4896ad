"""A standard TAP client's whole flow against the simulated TAP service, run by PyVO.test.ts.

Usage: python3 pyvo_flow.py <tap-url>. Prints one JSON object with what the
client saw; any exception fails the run (exit 1) with pyvo's own message.
"""
import json
import sys
import warnings

import pyvo
from astropy.table import Table

url = sys.argv[1]
service = pyvo.dal.TAPService(url)
seen = {}

# Async: submit, run, wait (UWS 1.1 blocking WAIT), fetch the VOTable, delete.
adql = (
    "SELECT TOP 5 source_id, name, ra, dec, flux FROM swift.xrt_sources "
    "WHERE rate > 0.01 ORDER BY rate DESC"
)
job = service.submit_job(adql)
seen["created_phase"] = job.phase
seen["uws_version"] = job.uws_version
job.run()
job.wait()
seen["final_phase"] = job.phase
result = job.fetch_result()
table = result.to_table()
seen["async_columns"] = list(table.colnames)
seen["async_rows"] = [[int(row["source_id"]), str(row["name"])] for row in table]
job_url = job.url
job.delete()
seen["deleted_url"] = job_url

# Sync, with MAXREC cutting the rows short: the result says OVERFLOW.
with warnings.catch_warnings():
    # Newer pyvo warns of the overflow as well; the status is what is checked.
    warnings.simplefilter("ignore")
    sync = service.run_sync("SELECT ra, dec FROM swift.observations", maxrec=3)
seen["sync_rows"] = len(sync)
seen["sync_status"] = sync.query_status

# Cone search through run_async, which waits and deletes on its own.
cone = service.run_async(
    "SELECT obsid, ra, dec FROM swift.observations "
    "WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 180, 0, 30))"
)
seen["cone_rows"] = len(cone)

# An ADQL error reaches the user as pyvo's DALQueryError with the service's message.
try:
    service.run_sync("SELECT * FROM swift.xrt_sources JOIN swift.observations USING (obsid)")
    seen["sync_error"] = None
except pyvo.dal.DALQueryError as error:
    seen["sync_error"] = str(error)

bad = service.submit_job("SELECT nothing FROM swift.xrt_sources")
bad.run()
bad.wait()
try:
    bad.raise_if_error()
    seen["async_error"] = None
except pyvo.dal.DALQueryError as error:
    seen["async_error"] = str(error)
seen["async_error_phase"] = bad.phase
bad.delete()

# An inline upload of an astropy table, joined to nothing but queried as TAP_UPLOAD.targets.
targets = Table({"ra": [180.5, 10.25, 300.0], "dec": [0.5, -5.0, 45.0], "label": ["a", "b", "c"]})
uploaded = service.run_sync(
    "SELECT label, ra FROM TAP_UPLOAD.targets WHERE ra > 100 ORDER BY ra", uploads={"targets": targets}
)
seen["upload_rows"] = [[str(row["label"]), float(row["ra"])] for row in uploaded.to_table()]

# VOSI: the tables and the TAP capability.
tables = service.tables
seen["tables"] = sorted(tables.keys())
seen["xrt_columns"] = [column.name for column in tables["swift.xrt_sources"].columns]
capability = [c for c in service.capabilities if c.standardid.startswith("ivo://ivoa.net/std/TAP")]
seen["languages"] = [language.name for language in capability[0].languages]
seen["output_formats"] = [f.mime for f in capability[0].outputformats]
seen["upload_methods"] = [method.ivo_id for method in capability[0].uploadmethods]
seen["maxrec"] = service.maxrec
seen["hardlimit"] = service.hardlimit
seen["available"] = service.available

print(json.dumps(seen))
