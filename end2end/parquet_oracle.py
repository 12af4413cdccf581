# Reads a fitdata export ZIP (on stdin; or a folder named as the argument) with pyarrow and DuckDB (PyPI), independent of the
# app: every Parquet file must hold its CSV twin's rows, cell by cell, with the types the
# schema promises (timestamps, dates, numbers, dictionary-encoded names), and DuckDB must count
# the same rows and add up the same numbers. Prints "<file> <rows> <row groups>" per file.
# Used by src/export/worker.rs (host test) and end2end/import.test.mjs.
import sys, io, csv, zipfile, tempfile, os
import pyarrow.parquet as pq, duckdb
if len(sys.argv) > 1:
    # A folder of single downloads (<stem>.csv beside <stem>.parquet), read as an archive.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as w:
        for f in sorted(os.listdir(sys.argv[1])):
            w.write(os.path.join(sys.argv[1], f), f, compress_type=zipfile.ZIP_STORED)
    z = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
else:
    z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
con = duckdb.connect()
for n in sorted(x for x in z.namelist() if x.endswith(".parquet")):
    assert z.getinfo(n).compress_type == zipfile.ZIP_STORED, n
    stem = n[: -len(".parquet")]
    table = list(csv.reader(io.StringIO(z.read(stem + ".csv").decode())))
    head, rows = table[0], table[1:]
    data = z.read(n)
    pf = pq.ParquetFile(io.BytesIO(data))
    t = pf.read()
    assert t.column_names == head, (n, t.column_names, head)
    assert t.num_rows == len(rows), (n, t.num_rows, len(rows))
    for i, name in enumerate(head):
        typ = str(t.schema.field(name).type)
        want = {"utc_time": "timestamp[ms, tz=UTC]", "exercise_utc_time": "timestamp[ms, tz=UTC]", "local_time": "timestamp[ms]",
                "utc_offset_min": "int64", "date": "date32[day]", "source": "string",
                "time_basis": "string", "main_sleep": "bool"}.get(name)
        assert want is None or typ == want, (n, name, typ)
        for r, v in zip(rows, t.column(name).to_pylist()):
            c = r[i]
            if c == "":
                assert v is None, (n, name, c, v)
            elif name in ("utc_time", "exercise_utc_time"):
                assert v.strftime("%Y-%m-%dT%H:%M:%SZ") == c, (n, c, v)
            elif name == "local_time":
                assert v.strftime("%Y-%m-%dT%H:%M:%S") == c[:19], (n, c, v)
            elif typ == "date32[day]":
                assert v.isoformat() == c, (n, name, c, v)
            elif typ == "bool":
                assert ("true" if v else "false") == c, (n, name, c, v)
            elif typ == "int64":
                assert str(v) == c, (n, name, c, v)
            elif typ == "double":
                assert float(c) == v, (n, name, c, v)
            else:
                assert v == c, (n, name, c, v)
    # The names are dictionary-encoded.
    for g in range(pf.metadata.num_row_groups):
        rg = pf.metadata.row_group(g)
        for j in range(rg.num_columns):
            col = rg.column(j)
            if col.path_in_schema in ("source", "time_basis"):
                assert any("DICTIONARY" in e for e in col.encodings), (n, col.encodings)
    # DuckDB: the same rows, and the same total of each number column.
    f = tempfile.NamedTemporaryFile(suffix=".parquet", delete=False)
    f.write(data)
    f.close()
    assert con.execute("select count(*) from read_parquet(?)", [f.name]).fetchone()[0] == len(rows), n
    for i, name in enumerate(head):
        if str(t.schema.field(name).type) == "double":
            got = con.execute(f'select sum("{name}") from read_parquet(?)', [f.name]).fetchone()[0]
            want = sum(float(r[i]) for r in rows if r[i] != "")
            assert (got is None and want == 0) or abs((got or 0) - want) <= 1e-9 * max(1, abs(want)), (n, name, got, want)
    os.unlink(f.name)
    print(n, len(rows), pf.metadata.num_row_groups)
