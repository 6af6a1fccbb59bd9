#!/bin/sh
# tests/cli/calendar.sh - black-box tests of `motcua calendar`.
# Run from anywhere: sh tests/cli/calendar.sh (MOTCUA=path overrides the binary).
# Prints one line per case and "cli-calendar: N passed, N failed" last.
cd "$(dirname "$0")/../.." || exit 1
BIN=${MOTCUA:-build/motcua}
ERR=$(mktemp)
trap 'rm -f "$ERR"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok   $1"; }
ko() { failed=$((failed + 1)); echo "FAIL $1${2:+: $2}"; }

# json NAME PYTHON-CONDITION ARGS... : exit 0 and the condition holds for j.
json() {
    name=$1 cond=$2
    shift 2
    out=$("$BIN" calendar "$@" 2>"$ERR")
    rc=$?
    if [ $rc -ne 0 ]; then
        ko "$name" "exit $rc: $(cat "$ERR")"
    elif printf '%s' "$out" | python3 -c "import json,sys; j=json.load(sys.stdin); sys.exit(0 if ($cond) else 1)"; then
        ok "$name"
    else
        ko "$name" "$out"
    fi
}

# text NAME FIXED-STRING ARGS... : exit 0 and stdout contains the string.
text() {
    name=$1 want=$2
    shift 2
    out=$("$BIN" calendar "$@" 2>"$ERR")
    rc=$?
    if [ $rc -eq 0 ] && printf '%s' "$out" | grep -qF -- "$want"; then
        ok "$name"
    else
        ko "$name" "exit $rc, no \"$want\" in: $out"
    fi
}

# bad NAME FIELD ARGS... : exit 2 and stderr names the field in both languages.
bad() {
    name=$1 field=$2
    shift 2
    "$BIN" calendar "$@" >/dev/null 2>"$ERR"
    rc=$?
    if [ $rc -eq 2 ] && grep -qF "Trường \"$field\"" "$ERR" && grep -qF "Field \"$field\"" "$ERR"; then
        ok "$name"
    else
        ko "$name" "exit $rc: $(cat "$ERR")"
    fi
}

if [ ! -x "$BIN" ]; then
    echo "FAIL $BIN not built"
    echo "cli-calendar: 0 passed, 1 failed"
    exit 1
fi

# holidays
json "holidays 2026 json" 'len(j) == 12 and {"date": "2026-02-17", "name": "Tết Nguyên Đán", "kind": "tet"} in j and {"date": "2026-04-27", "name": "Nghỉ bù Giỗ Tổ Hùng Vương", "kind": "compensatory"} in j' holidays 2026 --json
json "holidays 2026 no plain weekend" 'all(d["kind"] != "weekend" and d["kind"] != "work" for d in j)' holidays 2026 --json
json "holidays 2018 compensatory chain" '[d["date"] for d in j if d["kind"] == "compensatory"] == ["2018-02-20", "2018-02-21", "2018-09-03", "2018-09-04"]' holidays 2018 --json
json "holidays adjacent after" '[d["date"] for d in j if d["date"].startswith("2026-09")] == ["2026-09-02", "2026-09-03"]' holidays 2026 --adjacent after --json
json "holidays overrides" '{"date": "2026-01-02", "name": "Nghỉ nối", "kind": "override_off"} in j and any(d["date"] == "2026-01-10" and d["kind"] == "override_work" for d in j)' holidays 2026 --off 2026-01-02=Nghỉ\ nối --work 2026-01-10 --json
text "holidays text" "2026-09-02  holiday       Quốc khánh" holidays 2026

# lunar
json "lunar Tết 2026" 'j == {"day": 1, "month": 1, "year": 2026, "leap": False}' lunar 2026-02-17 --json
json "lunar leap month 2/2023" 'j == {"day": 1, "month": 2, "year": 2023, "leap": True}' lunar 2023-03-22 --json
json "lunar 1900-01-01 in lunar 1899" 'j["year"] == 1899 and j["month"] == 12' lunar 1900-01-01 --json
json "to-solar Tết 1985 (Vietnam)" 'j == {"date": "1985-01-21"}' lunar --to-solar 1 1 1985 --json
json "to-solar Tết 1968 (Vietnam)" 'j == {"date": "1968-01-29"}' lunar --to-solar 1 1 1968 --json
json "to-solar leap" 'j == {"date": "2023-03-22"}' lunar --to-solar 1 2 2023 --leap --json
text "lunar text" "1/1/2026 âm lịch, năm Bính Ngọ" lunar 2026-02-17
text "to-solar text" "2007-02-17" lunar --to-solar 1 1 2007

# due
json "due 3 wd across Tết" 'j["due"] == "2026-02-25T17:00:00+07:00" and {"date": "2026-02-17", "kind": "tet", "reason": "2026-02-17 Tết Nguyên Đán (tet)"} in j["explanation"]' due --from 2026-02-13T09:00 --amount 3 --unit wd --json
json "due same-time" 'j["due"] == "2026-02-25T09:00:00+07:00"' due --from 2026-02-13T09:00:00+07:00 --amount 3 --unit wd --convention same-time --json
json "due hours over lunch" 'j["due"] == "2026-03-02T16:00:00+07:00"' due --from 2026-03-02T10:00 --amount 4 --unit h --json
json "due after cut-off" 'j["due"] == "2026-03-03T17:00:00+07:00" and j["explanation"][0]["kind"] == "start"' due --from 2026-03-02T15:30 --amount 8 --unit h --cutoff 15:00 --json
json "due after hours (UTC input)" 'j["due"] == "2026-03-10T17:00:00+07:00" and j["start"] == "2026-03-09T07:00:00+07:00"' due --from 2026-03-06T11:30:00Z --amount 2 --unit wd --json
json "due calendar days on a holiday" 'j["due"] == "2026-05-04T17:00:00+07:00"' due --from 2026-04-20T09:00 --amount 10 --unit d --json
json "due make-up Saturday" 'j["due"] == "2026-02-28T17:00:00+07:00" and any(e["kind"] == "override_work" for e in j["explanation"])' due --from 2026-02-27T10:00 --amount 1 --unit wd --work 2026-02-28 --json
json "due pause shift" 'j["due"] == "2026-03-10T15:00:00+07:00" and any(e["kind"] == "pause" for e in j["explanation"])' due --from 2026-03-02T09:00 --amount 5 --unit wd --pause 2026-03-04T14:00/2026-03-05T10:00 --json
json "due pause restart" 'j["due"] == "2026-03-12T17:00:00+07:00"' due --from 2026-03-02T09:00 --amount 5 --unit wd --pause 2026-03-04T14:00/2026-03-05T10:00 --pause-mode restart --json
text "due text" "due: 2026-02-25T17:00:00+07:00" due --from 2026-02-13T09:00 --amount 3 --unit wd

# help
for sub in holidays lunar due; do
    text "$sub --help" "Usage: motcua calendar $sub" "$sub" --help
done
text "calendar --help" "Usage: motcua calendar" --help

# bad input
bad "30 February" date lunar 2026-02-30
bad "year 1800 (holidays)" year holidays 1800
bad "year 2200 (holidays)" year holidays 2200
bad "solar date 1800" date lunar 1800-01-01
bad "lunar year 1800" year lunar --to-solar 1 1 1800
bad "lunar day 30 of a 29-day month" day lunar --to-solar 30 12 2025
bad "no such leap month" leap lunar --to-solar 1 3 2026 --leap
bad "negative amount" amount due --from 2026-03-02T09:00 --amount -1 --unit wd
bad "unknown unit" unit due --from 2026-03-02T09:00 --amount 1 --unit weeks
bad "malformed time" from due --from 2026-03-02T25:00 --amount 1 --unit wd
bad "receipt in 1800" from due --from 1800-03-02T09:00 --amount 1 --unit wd
bad "malformed cut-off" cutoff due --from 2026-03-02T09:00 --amount 1 --unit wd --cutoff 3pm
bad "pause ends before it starts" "pauses[0]" due --from 2026-03-02T09:00 --amount 1 --unit wd --pause 2026-03-04T14:00/2026-03-03T10:00
"$BIN" calendar frobnicate >/dev/null 2>&1
[ $? -eq 2 ] && ok "unknown subcommand" || ko "unknown subcommand"
"$BIN" calendar holidays 2026 --bogus >/dev/null 2>"$ERR"
[ $? -eq 2 ] && grep -qF -- "--bogus" "$ERR" && ok "unknown option" || ko "unknown option"

echo "cli-calendar: $passed passed, $failed failed"
[ $failed -eq 0 ]
