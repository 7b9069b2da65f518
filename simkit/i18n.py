"""Every user-facing label in Bahasa Indonesia (first) and English.

Use :func:`t`: ``t("voters_arrived", "en")``. Keys are grouped by the face that uses them; add new
keys here rather than writing text in the CLI, plots or dashboard. TPS vocabulary (DPT, DPTb, DPK,
KPPS, C.Hasil, saksi, Sirekap) stays Indonesian in both languages, as trainers use it.
"""

from __future__ import annotations

from typing import Any

LANGS = ("id", "en")

LABELS: dict[str, tuple[str, str]] = {
    # summary KPIs (DESIGN.md contract keys)
    "voters_eligible": ("Pemilih yang berhak (DPT+DPTb+DPK)", "Eligible voters (DPT+DPTb+DPK)"),
    "voters_arrived": ("Orang yang datang", "People who came"),
    "voters_voted": ("Memilih", "Voted"),
    "voters_turned_away": ("Ditolak di pintu masuk", "Turned away at the entrance"),
    "voters_left": ("Pulang karena antrean panjang", "Left because of the line"),
    "wait_mean_min": ("Rata-rata menunggu (menit)", "Mean wait (min)"),
    "wait_p90_min": ("90% pemilih menunggu paling lama (menit)", "Wait, 90th percentile (min)"),
    "wait_max_min": ("Menunggu terlama (menit)", "Longest wait (min)"),
    "share_wait_over_30min": ("Persentase pemilih menunggu > 30 menit", "Share waiting > 30 min"),
    "last_voter_exit_min": ("Pemilih terakhir keluar", "Last voter left"),
    "counting_end_min": ("Penghitungan selesai", "Counting ended"),
    "work_end_min": ("Semua pekerjaan selesai", "All work done"),
    "kpps_hours_max": ("Jam kerja KPPS, terlama", "KPPS hours on duty, longest"),
    "kpps_hours_mean": ("Jam kerja KPPS, rata-rata", "KPPS hours on duty, mean"),
    "past_deadline": (
        "Melewati batas waktu (12:00 H+1)",
        "Past the legal deadline (12:00 next day)",
    ),
    "ballots_spoiled": ("Surat suara rusak/keliru coblos", "Spoiled ballots"),
    "recounts": ("Penghitungan ulang", "Recounts"),
    "objections": ("Keberatan saksi", "Saksi objections"),
    "psu_risk_events": ("Kejadian berisiko PSU", "Events that risk a re-vote (PSU)"),
    "busiest_station": ("Pos tersibuk", "Busiest station"),
    "busiest_utilisation": ("Tingkat kesibukan pos tersibuk", "Busiest station's utilisation"),
    # stations and places
    "entrance": ("Meja A (pendaftaran)", "Meja A (entrance check)"),
    "seats": ("Kursi antre", "Waiting seats"),
    "standing": ("Berdiri (kursi penuh)", "Standing (seats full)"),
    "ketua_table": ("Meja ketua KPPS", "Ketua's table"),
    "booth": ("Bilik suara", "Voting booths"),
    "boxes": ("Kotak suara", "Ballot boxes"),
    "ink": ("Tinta", "Ink"),
    "exit": ("Keluar", "Exit"),
    "counting": ("Penghitungan", "Counting"),
    "paperwork": (
        "Administrasi (C.Hasil, salinan, Sirekap)",
        "Paperwork (C.Hasil, copies, Sirekap)",
    ),
    # categories and outcomes
    "DPT": ("DPT", "DPT"),
    "DPTb": ("DPTb", "DPTb"),
    "DPK": ("DPK", "DPK"),
    "OTHER": ("Tidak terdaftar", "Not registered"),
    "voted": ("memilih", "voted"),
    "turned_away": ("ditolak", "turned away"),
    "left": ("pulang", "left"),
    # ballot types
    "PPWP": ("Presiden (PPWP)", "President (PPWP)"),
    "DPR": ("DPR", "DPR"),
    "DPD": ("DPD", "DPD"),
    "DPRD_PROV": ("DPRD Provinsi", "DPRD Province"),
    "DPRD_KABKOTA": ("DPRD Kab/Kota", "DPRD Regency/City"),
    # generic
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "hours": ("jam", "hours"),
    "minutes": ("menit", "min"),
    "time_of_day": ("Pukul", "Time of day"),
    # where work runs (simkit/executors.py)
    "exec_worker_died": (
        "sebuah proses pekerja mati (dihentikan, atau kehabisan memori); bagian yang sudah"
        " selesai tersimpan",
        "a worker process died (killed, or out of memory); finished batches are saved",
    ),
    "exec_dask_killed": (
        "pekerja Dask terus mati pada satu tugas: {exc}",
        "Dask workers kept dying on a task: {exc}",
    ),
    "exec_no_dask": (
        "Dask belum terpasang: pip install 'simkit[dist]' (dask, distributed)",
        "Dask is not installed: pip install 'simkit[dist]' (dask, distributed)",
    ),
    "exec_local_cluster": (
        "Dask LocalCluster tidak dapat dimulai ({why}). Dalam skrip Python, panggil dari dalam"
        " `if __name__ == '__main__':` (Dask memulai pekerjanya sebagai proses baru yang"
        " mengimpor skrip itu lagi).",
        "the Dask LocalCluster could not start ({why}). In a Python script, call it under"
        " `if __name__ == '__main__':` (Dask starts its workers as new processes that import the"
        " script again).",
    ),
    "exec_bad_address": (
        "alamat Dask {address} tidak sah: pakai 'local' atau 'tcp://HOST:PORT' (misalnya"
        " tcp://10.0.0.5:8786)",
        "Dask address {address} is not valid: use 'local' or 'tcp://HOST:PORT' (for example"
        " tcp://10.0.0.5:8786)",
    ),
    "exec_unreachable": (
        "penjadwal (scheduler) Dask {address} tidak dapat dihubungi dalam {timeout} detik"
        " ({exc}); apakah penjadwal itu berjalan, dan alamatnya benar? Pakai --dask local untuk"
        " klaster di komputer ini.",
        "Dask scheduler {address} cannot be reached within {timeout} s ({exc}); is it running,"
        " and is the address right? Use --dask local for a cluster on this machine.",
    ),
    "exec_unknown_object": (
        "executor {executor} tidak dikenal: pakai None, 'serial', 'processes', jumlah proses,"
        " 'local' (Dask LocalCluster), 'tcp://HOST:PORT', atau Executor/Client",
        "executor {executor} unknown: use None, 'serial', 'processes', a number of processes,"
        " 'local' (Dask LocalCluster), 'tcp://HOST:PORT', or an Executor/Client",
    ),
    "exec_unknown_name": (
        "executor {executor} tidak dikenal: pakai 'serial', 'processes', 'local' (Dask"
        " LocalCluster) atau 'tcp://HOST:PORT'",
        "executor {executor} unknown: use 'serial', 'processes', 'local' (Dask LocalCluster) or"
        " 'tcp://HOST:PORT'",
    ),
    "exec_bad_workers": (
        "jumlah pekerja (workers) harus 1 atau lebih, bukan {n}",
        "number of workers must be 1 or more, got {n}",
    ),
    "exec_workers_capped": (
        "{asked} pekerja diminta, tetapi komputer ini hanya punya {cpus} CPU: memakai {cpus}"
        " (lebih banyak proses tidak mempercepat, hanya memakan memori)",
        "{asked} workers asked for, but this machine has {cpus} CPUs: using {cpus} (more"
        " processes would not be faster, only use memory)",
    ),
    # command line (simkit/cli.py, simkit/report.py)
    "cli_summary_title": ("Ringkasan hari TPS", "Summary of the TPS day"),
    "cli_reps_title": ("Ringkasan {n} replikasi", "Summary of {n} replications"),
    "cli_compare_title": (
        "Perbandingan: {n} replikasi berpasangan (bilangan acak bersama)",
        "Comparison: {n} paired replications (common random numbers)",
    ),
    "cli_scenario": ("Skenario", "Scenario"),
    "cli_seed": ("seed", "seed"),
    "cli_kpi": ("Indikator", "Indicator"),
    "cli_value": ("Nilai", "Value"),
    "cli_mean": ("Rata-rata", "Mean"),
    "cli_range90": ("Rentang 90%", "90% range"),
    "cli_share_of_reps": ("dari replikasi", "of replications"),
    "cli_most_often": ("paling sering", "most often"),
    "cli_baseline": ("Dasar", "Baseline"),
    "cli_difference": ("Selisih (IK 95%)", "Difference (95% CI)"),
    "cli_files_written": ("Berkas ditulis di {dir}:", "Files written in {dir}:"),
    "cli_warning": ("peringatan", "warning"),
    "cli_error": ("kesalahan", "error"),
    "cli_invalid": ("tidak valid", "not valid"),
    "cli_interrupted": ("Dihentikan.", "Interrupted."),
    "cli_no_scenarios": ("Belum ada skenario bawaan.", "No shipped scenarios yet."),
    "cli_not_compared": (
        "bukan salah satu skenario yang dibandingkan",
        "is not one of the compared scenarios",
    ),
    "cli_duplicate_label": ("nama varian sudah dipakai", "variant label already used"),
    "cli_compare_needs_two": (
        "perlu minimal dua skenario atau satu skenario dengan --variant",
        "needs at least two scenarios, or one scenario and a --variant",
    ),
    "cli_file_missing": ("berkas tidak ada", "file does not exist"),
    "cli_not_a_folder": ("ini berkas, bukan folder", "is a file, not a folder"),
    "cli_not_utf8": ("berkas bukan teks UTF-8", "the file is not UTF-8 text"),
    "cli_is_folder": ("ini folder, bukan berkas", "is a folder, not a file"),
    "cli_cannot_write": (
        "folder tidak bisa dibuat atau ditulisi",
        "cannot create or write the folder",
    ),
    "cli_same": ("sama", "same"),
    "cli_stale_files": (
        "{names} dari run sebelumnya di folder ini, bukan dari run ini",
        "{names} in this folder are from an earlier run, not from this one",
    ),
    "cli_empty_scenario": (
        "berkas skenario kosong; tulis paling sedikit satu baris, mis. extends: tps_standar_2024",
        "the scenario file is empty; write at least one line, e.g. extends: tps_standar_2024",
    ),
    "cli_duplicate_key": (
        "baris {line}: {key} ditulis dua kali (juga di baris {first}); hapus salah satu",
        "line {line}: {key} is written twice (also on line {first}); delete one of them",
    ),
    "cli_extends_of": ("extends dari {file}", "extends of {file}"),
    "cli_interrupted_resume": (
        "Dihentikan. Hasil yang sudah ditulis tetap aman; jalankan perintah yang sama untuk"
        " melanjutkan.",
        "Interrupted. Results already written are kept; run the same command to resume.",
    ),
    "plot_queue_length_max": ("terpanjang per {n} menit", "longest per {n} min"),
    # issue 15: yaml
    "sec_yaml_alias": (
        "baris {line}: {name}: alias (*nama) dan anchor (&nama) tidak boleh dipakai di berkas"
        " simkit; tulis nilainya langsung",
        "line {line}: {name}: aliases (*name) are not allowed in simkit files, nor anchors"
        " (&name); write the value out",
    ),
    "sec_yaml_merge": (
        "baris {line}: kunci gabung (<<) tidak boleh dipakai di berkas simkit; tulis kuncinya"
        " langsung",
        "line {line}: merge keys (<<) are not allowed in simkit files; write the keys out",
    ),
    "sec_yaml_too_deep": (
        "baris {line}: bersarang lebih dari {limit} tingkat; berkas simkit cukup beberapa tingkat",
        "line {line}: nested more than {limit} levels deep; simkit files need only a few levels",
    ),
    "sec_yaml_too_many": (
        "baris {line}: lebih dari {limit} nilai; skenario standar memuat sekitar 600",
        "line {line}: more than {limit} values; the standard scenario holds about 600",
    ),
    "sec_yaml_too_big": (
        "berkas berukuran {size} byte, melebihi batas {mib} MiB ({limit} byte) untuk berkas"
        " simkit; skenario standar sekitar 10 KB",
        "the file is {size} bytes, over the limit of {mib} MiB ({limit} bytes) for simkit"
        " files; the standard scenario is about 10 KB",
    ),
    "sec_yaml_too_big_stream": (
        "berkas lebih besar dari batas {mib} MiB ({limit} byte) untuk berkas simkit",
        "the file is larger than the limit of {mib} MiB ({limit} bytes) for simkit files",
    ),
    "sec_yaml_not_utf8": (
        "berkas bukan teks UTF-8 ({reason}); simpan sebagai UTF-8",
        "the file is not UTF-8 text ({reason}); save it as UTF-8",
    ),
    "sec_yaml_extends_unknown": (
        "bukan berkas di folder {folder} dan bukan skenario bawaan; yang tersedia: {names}",
        "neither a file in the folder {folder} nor a shipped scenario; available: {names}",
    ),
    "sec_yaml_extends_deep": (
        "rantai extends lebih dari {limit} berkas",
        "the extends chain is longer than {limit} files",
    ),
    "sec_yaml_incident_empty": (
        "berkas insiden kosong: tulis id, title, when, place, who, situation, choices dan rule"
        " (contoh di scenarios/incidents/)",
        "the incident file is empty: write id, title, when, place, who, situation, choices and"
        " rule (examples in scenarios/incidents/)",
    ),
    "sec_yaml_too_long": (
        "terlalu panjang: paling banyak {max_length} butir",
        "too long: at most {max_length} items",
    ),
    # issue 15: region
    "sec_region_file_too_big": (
        "{path}: berkas wilayah {mb} MB, lebih besar dari batas {bound} MB (seluruh Indonesia"
        " per TPS muat jauh di bawahnya); periksa apakah ini berkas yang benar",
        "{path}: the region file is {mb} MB, over the limit of {bound} MB (the whole country,"
        " one row per TPS, fits well below); check that this is the right file",
    ),
    "sec_region_too_many_rows": (
        "{path}, baris {line}: lebih dari {bound} baris data (batas berkas wilayah; seluruh"
        " Indonesia punya 820.161 TPS pada 2024)",
        "{path}, line {line}: more than {bound} data rows (the limit of a region file; the"
        " whole country had 820,161 TPS in 2024)",
    ),
    "sec_region_rule_tps_bound": (
        "paling banyak {bound} TPS per baris (seluruh Indonesia punya 820.161 TPS pada 2024)",
        "at most {bound} TPS per row (the whole country had 820,161 TPS in 2024)",
    ),
    "sec_region_rule_total_bound": (
        "sampai baris ini sudah {total} TPS, lebih dari batas {bound} TPS per berkas"
        " (seluruh Indonesia punya 820.161 TPS pada 2024)",
        "{total} TPS up to this row, over the limit of {bound} TPS per file (the whole"
        " country had 820,161 TPS in 2024)",
    ),
    "sec_region_other_version": (
        "{out} ditulis oleh simkit {old} (format {old_format}); ini simkit {new} (format"
        " {new_format}). Hasil dua versi model tidak boleh dicampur: pilih folder --out baru,"
        " atau hapus folder ini untuk mengulang dari awal.",
        "{out} was written by simkit {old} (format {old_format}); this is simkit {new}"
        " (format {new_format}). Results of two model versions must not be mixed: choose a"
        " new --out folder, or delete this folder to start again.",
    ),
    "sec_region_part_bad": (
        "{path} rusak ({error}); dipindah ke {bad} dan bagian ini dijalankan lagi",
        "{path} is damaged ({error}); moved aside to {bad}, and its batch runs again",
    ),
    "sec_region_part_unreadable": (
        "{path} tidak dapat dibaca ({error}); jalankan lagi perintah simkit region yang sama:"
        " bagian yang rusak dipindahkan dan dijalankan ulang",
        "{path} cannot be read ({error}); run the same simkit region command again: damaged"
        " parts are moved aside and run again",
    ),
    "sec_region_part_stray": (
        "{path}: simulasi ini hanya punya {n} bagian; berkas ini bukan miliknya dan diabaikan",
        "{path}: this run has only {n} batches; the file is not one of them and is ignored",
    ),
    "sec_region_progress": (
        "{name}: {done}/{total} TPS-hari ({pct}%), berjalan {elapsed}, perkiraan sisa {eta}",
        "{name}: {done}/{total} TPS-days ({pct}%), {elapsed} elapsed, about {eta} left",
    ),
    # issue 15: outputs
    "sec_outputs_other_owner": (
        "folder ini berisi hasil `simkit {owner}`{owner_scenario}; `simkit {command}`"
        "{scenario} akan menimpa atau mencampur hasil itu. Pilih folder lain (--out), atau "
        "tambahkan --force untuk tetap menulis di sini",
        "this folder holds the results of `simkit {owner}`{owner_scenario}; `simkit {command}`"
        "{scenario} would overwrite or mix with them. Choose another folder (--out), or add "
        "--force to write here anyway",
    ),
    "sec_outputs_of_scenario": (" (skenario {name})", " (scenario {name})"),
    # issue 15: drill
    "sec_drill_saved": (
        "Jawaban yang sudah diberikan ({n}) disimpan di {path}",
        "The answers given so far ({n}) are saved in {path}",
    ),
    "sec_drill_nothing_saved": (
        "Belum ada jawaban: tidak ada yang disimpan.",
        "No answer given yet: nothing saved.",
    ),
    "sec_drill_not_saved": (
        "{n} jawaban tidak disimpan: beri --out FOLDER agar jawaban tersimpan.",
        "{n} answer(s) not saved: give --out FOLDER to keep the answers.",
    ),
    "sec_drill_save_failed": (
        "Jawaban tidak dapat disimpan di {path}: {why}",
        "The answers could not be saved in {path}: {why}",
    ),
    "sec_drill_too_many_invalid": (
        "{limit} jawaban tidak sah berturut-turut: latihan dihentikan"
        " (batas MAX_INVALID_ANSWERS = {limit}).",
        "{limit} invalid answers in a row: the drill stops (limit MAX_INVALID_ANSWERS = {limit}).",
    ),
    "sec_drill_stopped_by_error": (
        "Latihan berhenti karena galat.",
        "The drill stopped on an error.",
    ),
    "sec_drill_progress": (
        "simkit: {done}/{total} hari-TPS ({pct}%), {elapsed} berjalan, kira-kira {left} lagi",
        "simkit: {done}/{total} TPS-days ({pct}%), {elapsed} elapsed, ETA about {left} left",
    ),
    # issue 15: dashboard
    "sec_dashboard_host_unknown": (
        "alamat --host {host!r} tidak dikenal ({detail}); pakai mis. --host 127.0.0.1",
        "--host {host!r} cannot be resolved ({detail}); use e.g. --host 127.0.0.1",
    ),
    "sec_dashboard_host_not_here": (
        "alamat --host {host!r} bukan alamat komputer ini ({detail}); pakai mis. --host 127.0.0.1",
        "--host {host!r} is not an address of this machine ({detail}); use e.g. --host 127.0.0.1",
    ),
    "sec_dashboard_port_taken": (
        "port {port} di {host} sudah dipakai program lain; pilih port lain, mis. --port {hint}",
        "port {port} on {host} is already in use; choose another one, e.g. --port {hint}",
    ),
    "sec_dashboard_port_denied": (
        "tidak boleh membuka port {port} di {host} ({detail}); pakai port di atas 1023,"
        " mis. --port 8866",
        "not allowed to listen on port {port} on {host} ({detail}); use a port above 1023,"
        " e.g. --port 8866",
    ),
    "sec_dashboard_not_loopback": (
        "PERINGATAN: dasbor dibuka untuk jaringan ({host}), bukan hanya komputer ini. Siapa pun"
        " yang bisa menjangkau alamat ini dan tahu token di URL dapat menjalankan simulasi di"
        " sini. Bagikan URL hanya ke orang yang dipercaya; --host 127.0.0.1 menutupnya lagi.",
        "WARNING: the dashboard is open to the network ({host}), not only to this machine."
        " Anyone who can reach this address and knows the token in the URL can run simulations"
        " here. Share the URL only with people you trust; --host 127.0.0.1 closes it again.",
    ),
    # issue 15: props
    "sec_props_dist_spread": (
        "sd harus antara {low:g} dan {high:g} kali mean, sekarang sd {sd:g}, mean {mean:g}",
        "sd must be between {low:g} and {high:g} times the mean, got sd {sd:g}, mean {mean:g}",
    ),
    "sec_props_dist_too_large": (
        "parameter {p} pada {kind} paling besar {most:g} menit, sekarang {value!r}",
        "{kind} parameter {p} must be at most {most:g} minutes, got {value!r}",
    ),
    # probabilities over replications (simkit.experiment.PROBABILITIES)
    "p_wait_over_30min": ("Peluang ada yang menunggu > 30 menit", "Chance someone waits > 30 min"),
    "p_counting_after_midnight": (
        "Peluang penghitungan selesai lewat tengah malam",
        "Chance counting ends after midnight",
    ),
    "p_work_after_midnight": (
        "Peluang pekerjaan selesai lewat tengah malam",
        "Chance work ends after midnight",
    ),
    "p_past_deadline": (
        "Peluang melewati batas waktu (12:00 H+1)",
        "Chance of missing the deadline (12:00 next day)",
    ),
    "cli_sweep_title": (
        "Hasil sweep (rata-rata per kombinasi)",
        "Sweep results (mean per combination)",
    ),
    # plots (simkit/plots.py)
    "plot_queues_title": ("Panjang antrean sepanjang hari", "Queue length through the day"),
    "plot_queue_length": ("Orang dalam antrean", "People in the queue"),
    "plot_wait_title": ("Waktu menunggu menurut jam kedatangan", "Wait by hour of arrival"),
    "plot_arrival_hour": ("Jam kedatangan", "Hour of arrival"),
    "plot_wait_min": ("Menunggu (menit)", "Wait (min)"),
    "plot_staff_title": ("Kegiatan anggota KPPS", "What each KPPS member does"),
    "plot_member": ("Anggota", "Member"),
    "plot_counting_title": ("Penghitungan per jenis surat suara", "Counting per ballot type"),
    "plot_recount": ("hitung ulang", "recount"),
    "plot_work_end_title": ("Kapan semua pekerjaan selesai", "When all work was done"),
    "plot_replications": ("Replikasi", "Replications"),
    "plot_arrivals_title": ("Kedatangan per 15 menit", "Arrivals per 15 minutes"),
    "plot_people": ("Orang", "People"),
    "midnight": ("Tengah malam", "Midnight"),
    "deadline": ("Batas waktu 12:00 H+1", "Deadline 12:00 next day"),
    "voting_close": ("TPS ditutup", "Voting closes"),
    "idle": ("menunggu", "idle"),
    "break": ("istirahat", "break"),
    # kinds of KPPS activity in day.timeline (plot_staff_timeline legend)
    "activity_preparation": ("Persiapan", "Setting up"),
    "activity_voting": ("Melayani pemilih", "Serving voters"),
    "activity_break": ("Istirahat", "Break"),
    "activity_home_visit": ("Mendatangi pemilih sakit", "Visiting sick voters"),
    "activity_count": ("Menghitung suara", "Counting votes"),
    "activity_c_hasil": ("Mengisi C.Hasil", "Filling in C.Hasil"),
    "activity_salinan": ("Salinan C.Hasil", "C.Hasil copies (salinan)"),
    "activity_closing": ("Penutupan", "Closing up"),
    # dashboard (simkit/dashboard)
    "dash_title": (
        "Simulasi Hari Pemungutan Suara di TPS",
        "Election Day at a Polling Station (TPS)",
    ),
    "dash_subtitle": ("Alat latihan KPPS · Pemilu 2024", "KPPS training tool · 2024 election"),
    "dash_run": ("Jalankan", "Run"),
    "dash_reset": ("Atur ulang", "Reset"),
    "dash_entry": ("Masuk", "Entrance"),
    "dash_booth_n": ("Bilik {n}", "Booth {n}"),
    "dash_assisted": ("dibantu pendamping", "with a companion"),
    "dash_running": ("Sedang menghitung…", "Running…"),
    "dash_done": ("Selesai: {n} ulangan dalam {s} detik", "Done: {n} replications in {s} s"),
    "dash_stale": ("Pengaturan berubah: tekan Jalankan", "Settings changed: press Run"),
    "dash_scenario": ("Skenario", "Scenario"),
    "dash_sec_voters": ("Pemilih", "Voters"),
    "dash_sec_staff": ("KPPS dan tugasnya", "KPPS and their roles"),
    "dash_sec_arrivals": ("Kedatangan pemilih", "Voter arrivals"),
    "dash_sec_counting": ("Penghitungan suara", "Vote counting"),
    "dash_sec_run": ("Ulangan simulasi", "Simulation runs"),
    "dash_dpt": ("Jumlah pemilih DPT", "DPT voters"),
    "dash_turnout": ("Kehadiran pemilih DPT (%)", "DPT turnout (%)"),
    "dash_dptb": ("Pemilih DPTb (pindah memilih)", "DPTb voters (moved in)"),
    "dash_dpk": ("Pemilih DPK (KTP-el, 12:00-13:00)", "DPK voters (KTP-el, 12:00-13:00)"),
    "dash_kpps": ("KPPS yang hadir (1-7)", "KPPS present (1-7)"),
    "dash_roles": ("Pembagian tugas KPPS per pos", "KPPS roles per station"),
    "dash_roles_auto": ("Bagi tugas otomatis (standar)", "Automatic roles (standard)"),
    "dash_booths": ("Bilik suara", "Voting booths"),
    "dash_pattern": ("Pola kedatangan", "Arrival pattern"),
    "dash_pattern_kpu": ("Kelompok jam KPU", "KPU time groups"),
    "dash_pattern_rush": ("Ramai pagi", "Morning rush"),
    "dash_pattern_custom": ("Porsi per jam (isi sendiri)", "Custom hourly shares"),
    "dash_pattern_poisson": ("Acak merata (Poisson)", "Even random (Poisson)"),
    "dash_hourly_help": (
        "Persen pemilih per jam, 07-08 s.d. 12-13, dipisah koma",
        "Percent of voters per hour, 07-08 to 12-13, comma-separated",
    ),
    "dash_hourly_bad": (
        "Porsi per jam harus 6 persen antara 0 dan 100, dipisah koma (mis. 30,25,20,12,8,5);"
        " sekarang: {v}",
        "Hourly shares must be 6 percentages from 0 to 100, comma-separated (e.g. 30,25,20,12,8,5);"
        " got: {v}",
    ),
    "dash_training": ("Tingkat pelatihan KPPS", "KPPS training level"),
    "dash_training_well_trained": ("Terlatih", "Well trained"),
    "dash_training_standard": ("Standar", "Standard"),
    "dash_training_new": ("Baru", "New"),
    "dash_sirekap_fail": ("Unggah Sirekap gagal (%)", "Sirekap upload failures (%)"),
    "dash_mode": ("Cara penghitungan", "Counting mode"),
    "dash_mode_single_panel": ("Satu panel", "Single panel"),
    "dash_mode_two_panel": ("Dua panel", "Two panels"),
    "dash_saksi": ("Jumlah saksi", "Number of saksi"),
    "dash_copier": ("Mesin fotokopi salinan", "Copier for the salinan"),
    "dash_copier_own": ("Sendiri", "Own"),
    "dash_copier_shared": ("Berbagi", "Shared"),
    "dash_copier_none": ("Tidak ada", "None"),
    "dash_reps": ("Jumlah ulangan", "Replications"),
    "dash_seed": ("Benih acak (seed)", "Random seed"),
    "dash_tab_results": ("Hasil", "Results"),
    "dash_tab_compare": ("Bandingkan", "Compare"),
    "dash_tab_playback": ("Putar ulang TPS", "TPS playback"),
    "dash_tab_export": ("Unduh", "Download"),
    "dash_tab_drill": ("Latihan insiden", "Incident drill"),
    "dash_card_last_voter": ("Pemilih terakhir keluar", "Last voter out"),
    "dash_card_counting_end": ("Penghitungan selesai", "Counting ends"),
    "dash_card_work_end": ("Semua pekerjaan selesai", "All work done"),
    "dash_card_wait": ("Antrean terlama", "Longest wait"),
    "dash_card_hours": ("Jam kerja KPPS terlama", "Longest KPPS shift"),
    "dash_card_risk": ("Risiko lewat 12:00 H+1", "Risk past 12:00 next day"),
    "dash_range": ("rentang {lo} – {hi}", "range {lo} – {hi}"),
    "dash_reps_note": (
        "Nilai tengah dari {n} ulangan; rentang = terendah – tertinggi.",
        "Median of {n} replications; range = lowest – highest.",
    ),
    "dash_risk_of": ("{k} dari {n} ulangan", "{k} of {n} replications"),
    "dash_chart_queues": ("Antrean per pos", "Queues"),
    "dash_chart_wait": ("Waktu tunggu", "Wait by hour"),
    "dash_chart_staff": ("Jadwal KPPS", "KPPS timeline"),
    "dash_chart_counting": ("Penghitungan", "Counting"),
    "dash_chart_work_end": ("Selesai kerja", "Work end"),
    "dash_chart_missing": ("Grafik belum tersedia: {e}", "Chart not available: {e}"),
    "dash_baseline": ("TPS standar 2024", "Standard TPS 2024"),
    "dash_current": ("Pengaturan ini", "These settings"),
    "dash_difference": ("Selisih", "Difference"),
    "dash_kpi_mean": ("Ukuran (rata-rata {n} ulangan)", "Measure (mean of {n} replications)"),
    "dash_compare_note": (
        "Rata-rata dari {n} ulangan; kedua pengaturan memakai benih acak yang sama, jadi"
        " selisihnya berpasangan. Selisih berwarna bila IK 95% tidak memuat nol.",
        "Means of {n} replications; both settings use the same random seeds, so the"
        " differences are paired. A difference is coloured when its 95% CI excludes zero.",
    ),
    "dash_ci": ("IK 95% selisih", "95% CI of difference"),
    "dash_later": ("lebih lambat", "later"),
    "dash_earlier": ("lebih cepat", "earlier"),
    "dash_same": ("sama", "same"),
    "dash_speed": ("Kecepatan", "Speed"),
    "dash_play_help": (
        "Tekan ▶ untuk memutar hari di TPS; geser untuk melompat ke jam tertentu.",
        "Press ▶ to play the TPS day; drag to jump to a time.",
    ),
    "dash_phase_before": (
        "Persiapan: KPPS datang, sumpah jam 07:00",
        "Setting up: KPPS arrive, oath at 07:00",
    ),
    "dash_phase_voting": ("Pemungutan suara", "Voting"),
    "dash_phase_counting": ("Penghitungan suara", "Vote counting"),
    "dash_phase_paperwork": (
        "Administrasi: C.Hasil, salinan, Sirekap",
        "Paperwork: C.Hasil, copies, Sirekap",
    ),
    "dash_phase_done": ("Selesai", "Done"),
    "dash_queue_outside": ("Antre di luar", "Queue outside"),
    "dash_voted_so_far": ("Sudah memilih", "Voted so far"),
    "dash_in_tps": ("Di dalam TPS", "Inside the TPS"),
    "dash_counted": ("dihitung", "counted"),
    "dash_waiting": ("menunggu", "waiting"),
    "dash_saksi_seats": ("Saksi dan Pengawas TPS", "Saksi and Pengawas TPS"),
    "dash_dl_csv": ("Ringkasan ulangan (CSV)", "Replication summary (CSV)"),
    "dash_dl_xlsx": ("Semua tabel (Excel)", "All tables (Excel)"),
    "dash_dl_png": ("Grafik (PNG)", "Charts (PNG)"),
    "dash_dl_summary": (
        "Ringkasan satu halaman untuk dicetak (HTML)",
        "One-page printable summary (HTML)",
    ),
    "dash_dl_help": (
        "Klik kanan lalu 'Simpan tautan' bila unduhan tidak mulai.",
        "Right-click and 'Save link as' if the download does not start.",
    ),
    "dash_error_title": (
        "Pengaturan ini tidak bisa disimulasikan",
        "These settings cannot be simulated",
    ),
    "dash_warning_title": ("Perhatian", "Note"),
    "dash_error_internal": (
        "Simulasi gagal karena kesalahan program: {e}",
        "The simulation failed because of a program error: {e}",
    ),
    "dash_settings": ("Pengaturan", "Settings"),
    "dash_summary_title": ("Ringkasan simulasi TPS", "TPS simulation summary"),
    "dash_printed": ("Dibuat dengan simkit", "Made with simkit"),
    # ==== scenario and YAML messages (simkit/scenario/)
    # problems: the error head, unknown keys and pydantic's error kinds
    "scn_invalid_head": ("Skenario {source} tidak valid:", "Scenario {source} is not valid:"),
    "scn_unknown_key": ("kunci tidak dikenal", "unknown key"),
    "scn_unknown_field": ("kolom tidak dikenal", "unknown field"),
    "scn_did_you_mean": ("; maksudnya '{name}'?", "; did you mean '{name}'?"),
    "scn_known_keys": (" (yang dikenal: {known})", " (known: {known})"),
    "scn_ge": ("harus {ge} atau lebih", "must be {ge} or more"),
    "scn_gt": ("harus lebih dari {gt}", "must be greater than {gt}"),
    "scn_le": ("harus {le} atau kurang", "must be {le} or less"),
    "scn_lt": ("harus kurang dari {lt}", "must be less than {lt}"),
    "scn_finite": ("harus bilangan terhingga (bukan NaN/inf)", "must be a finite number"),
    "scn_whole_number": ("harus bilangan bulat", "must be a whole number"),
    "scn_number": ("harus angka", "must be a number"),
    "scn_yes_no": ("harus ya/tidak (true/false)", "must be true or false"),
    "scn_text": ("harus teks", "must be text"),
    "scn_list": ("harus daftar", "must be a list"),
    "scn_mapping": ("harus pemetaan (kunci: nilai)", "must be a mapping (key: value)"),
    "scn_start_end": ("harus daftar [awal, akhir]", "must be a list [start, end]"),
    "scn_too_short": ("terlalu pendek", "too short"),
    "scn_too_long": ("terlalu panjang", "too long"),
    "scn_allowed": ("boleh: {expected}", "allowed: {expected}"),
    "scn_required": ("wajib diisi", "is required"),
    # schema: clock times, distributions and the rules of each section
    "scn_clock_not_bool": ('waktu harus berbentuk "HH:MM"', 'a time must look like "HH:MM"'),
    "scn_clock_finite": ("waktu harus bilangan terhingga", "a time must be finite"),
    "scn_clock_range": (
        "jam 00-47 dan menit 00-59 (jam >24 = hari berikutnya)",
        "hours 00-47 and minutes 00-59 (hours >24 = next day)",
    ),
    "scn_clock_form": (
        'waktu harus "HH:MM" (mis. "13:00") atau menit sejak 07:00',
        'a time must be "HH:MM" (e.g. "13:00") or minutes since 07:00',
    ),
    "scn_bad_distribution": ("sebaran tidak valid: {reason}", "invalid distribution: {reason}"),
    "scn_ballot_types_empty": ("minimal satu jenis surat suara", "at least one ballot type"),
    "scn_ballot_types_repeated": ("jenis surat suara berulang", "a ballot type is repeated"),
    "scn_ballot_types_order": (
        "urutan harus PPWP, DPR, DPD, DPRD_PROV, DPRD_KABKOTA (§1.6)",
        "order must be PPWP, DPR, DPD, DPRD_PROV, DPRD_KABKOTA (§1.6)",
    ),
    "scn_not_empty": ("tidak boleh kosong", "must not be empty"),
    "scn_entitlement_types": (
        "jumlah jenis surat suara {n} tidak dikenal; boleh 1-5",
        "number of ballot types {n} unknown; allowed 1-5",
    ),
    "scn_entitlement_share": ("porsi harus 0-1", "shares must be 0-1"),
    "scn_entitlement_sum": (
        "jumlah porsi harus 1, sekarang {total:.3f}",
        "shares must add up to 1, got {total:.3f}",
    ),
    "scn_groups_empty": ("minimal satu kelompok", "at least one group"),
    "scn_group_order": ("akhir kelompok harus setelah awal", "group end must follow start"),
    "scn_window_order": ("akhir harus setelah awal", "end must follow start"),
    "scn_hourly_negative": ("porsi per jam harus >= 0", "hourly shares must be >= 0"),
    "scn_hourly_sum": (
        "jumlah porsi per jam harus 1, sekarang {total:.3f}",
        "hourly shares must add up to 1, got {total:.3f}",
    ),
    "scn_objection_split": (
        "objection_answered + objection_corrected tidak boleh > 1 (sisanya penghitungan ulang)",
        "objection_answered + objection_corrected must not exceed 1 (the rest are recounts)",
    ),
    "scn_panels_type_twice": (
        "satu jenis surat suara ada di dua panel",
        "a ballot type is in two panels",
    ),
    "scn_panels_names": (
        "panels dan panel_members harus punya nama panel yang sama",
        "panels and panel_members must name the same panels",
    ),
    "scn_panels_member_twice": ("satu anggota ada di dua panel", "a member is in two panels"),
    "scn_close_before_open": (
        "hours.voting_close ({close}) harus setelah hours.voting_open ({open})",
        "hours.voting_close ({close}) must be after hours.voting_open ({open})",
    ),
    "scn_kpps_arrive_late": (
        "hours.kpps_arrive ({arrive}) harus sebelum atau tepat saat TPS dibuka ({open})",
        "hours.kpps_arrive ({arrive}) must be at or before voting opens ({open})",
    ),
    "scn_deadline_early": (
        "hours.counting_deadline ({deadline}) harus setelah TPS ditutup ({close})",
        "hours.counting_deadline ({deadline}) must be after voting closes ({close})",
    ),
    "scn_entitlement_too_many": (
        "tps.dptb_entitlement memakai {used} jenis, padahal hanya {n} jenis surat suara;"
        " pakai kunci 1-{n}, mis. {{1: 0.5, {n}: 0.5}}",
        "tps.dptb_entitlement uses {used} types but there are only {n};"
        " use keys 1-{n}, e.g. {{1: 0.5, {n}: 0.5}}",
    ),
    "scn_roles_absent": (
        "staff.roles memberi tugas kepada {names} yang tidak hadir (staff.kpps = {kpps})",
        "staff.roles gives roles to {names} who are not present (staff.kpps = {kpps})",
    ),
    "scn_breaks_absent": (
        "staff.breaks menyebut {names} yang tidak hadir",
        "staff.breaks names {names} who are not present",
    ),
    "scn_panels_missing": (
        "counting.panels tidak memuat {types}",
        "counting.panels does not place {types}",
    ),
    # files: reading YAML, extends:, shipped names, warnings and --set
    "scn_file_unreadable": ("berkas tidak bisa dibaca: {reason}", "file cannot be read: {reason}"),
    "scn_key_twice": (
        "kunci '{key}' ditulis dua kali (baris {first} dan {second})",
        "key '{key}' is written twice (lines {first} and {second})",
    ),
    "scn_not_yaml": ("bukan YAML yang valid", "not valid YAML"),
    "scn_yaml_line": (" (baris {line})", " (line {line})"),
    "scn_file_empty": (
        "berkas kosong: tulis setidaknya 'extends: tps_standar_2024'",
        "the file is empty: write at least 'extends: tps_standar_2024'",
    ),
    "scn_file_not_mapping": (
        "isi berkas harus pemetaan (kunci: nilai)",
        "the file must hold a mapping (key: value)",
    ),
    "scn_unknown_scenario": (
        "skenario tidak dikenal; yang tersedia: {names}",
        "unknown scenario; available: {names}",
    ),
    "scn_bad_extends": ("extends harus nama skenario lain", "extends must name another scenario"),
    "scn_dpt_above_cap": (
        "{source}: tps.voters_dpt = {dpt} di atas batas KPU 2024 ({cap});"
        " UU 7/2017 mengizinkan sampai {max} (§1.3)",
        "{source}: tps.voters_dpt = {dpt} is above KPU's 2024 cap ({cap});"
        " UU 7/2017 allows up to {max} (§1.3)",
    ),
    "scn_hours_off_rule": (
        "{source}: jam pemungutan {hours} berbeda dari aturan 07:00-13:00"
        " (PKPU 25/2023 Pasal 5, §1.1)",
        "{source}: voting hours {hours} differ from the rule 07:00-13:00"
        " (PKPU 25/2023 Pasal 5, §1.1)",
    ),
    # distributions (simkit/distributions.py)
    "scn_dist_triangular_order": (
        "triangular perlu low <= mode <= high, sekarang {low}, {mode}, {high}",
        "triangular needs low <= mode <= high, got {low}, {mode}, {high}",
    ),
    "scn_dist_empirical_empty": (
        "empirical perlu setidaknya satu nilai",
        "empirical needs at least one value",
    ),
    "scn_dist_yes_no": (
        "durasi harus angka atau pemetaan {{dist: ...}}, bukan ya/tidak",
        "a duration must be a number or a {{dist: ...}} mapping, not yes/no",
    ),
    "scn_dist_not_mapping": (
        "durasi harus angka atau pemetaan seperti {{dist: lognormal, mean: 4, sd: 1.5}},"
        " sekarang {spec!r}",
        "a duration must be a number or a mapping like {{dist: lognormal, mean: 4, sd: 1.5}},"
        " got {spec!r}",
    ),
    "scn_dist_unknown": (
        "sebaran {kind!r} tidak dikenal; yang boleh: {allowed}",
        "unknown distribution {kind!r}; allowed: {allowed}",
    ),
    "scn_dist_unexpected": (
        "{kind} memakai {params}; tidak dikenal: {extra}",
        "{kind} takes {params}; unexpected: {extra}",
    ),
    "scn_dist_missing": (
        "{kind} perlu {params}; belum ada: {missing}",
        "{kind} needs {params}; missing: {missing}",
    ),
    "scn_dist_values": (
        "values pada empirical harus daftar angka",
        "empirical values must be a list of numbers",
    ),
    "scn_dist_param_number": (
        "parameter {p} pada {kind} harus angka, sekarang {value!r}",
        "{kind} parameter {p} must be a number, got {value!r}",
    ),
    "scn_dist_param_finite": (
        "parameter {p} pada {kind} harus bilangan terhingga, sekarang {value!r}",
        "{kind} parameter {p} must be finite, got {value!r}",
    ),
    "scn_dist_positive": (
        "{name} harus lebih dari 0, sekarang {value}",
        "{name} must be greater than 0, got {value}",
    ),
    "scn_dist_non_negative": (
        "{name} harus 0 atau lebih, sekarang {value}",
        "{name} must be 0 or more, got {value}",
    ),
    # ==== end of scenario and YAML messages
    # ==== region messages and report (simkit/region/, simkit/report/region.py)
    # region file (simkit/region/regionfile.py)
    "region_no_such_file": (
        "{source}: berkas wilayah tidak ada; wilayah bawaan: {names}",
        "{source}: no such region file; shipped regions: {names}",
    ),
    "region_bad_cap": (
        "dpt_cap = {cap!r}: boleh 1-{legal} (UU 7/2017; KPU 2024 memakai {kpu})",
        "dpt_cap = {cap!r}: allowed 1-{legal} (UU 7/2017; KPU 2024 used {kpu})",
    ),
    "region_file_empty": (
        "{path}: berkas kosong; baris pertama harus berisi nama kolom, misalnya area,tps,dpt",
        "{path}: the file is empty; it needs a header line such as area,tps,dpt",
    ),
    "region_unreadable": (
        "{path}: tidak dapat dibaca ({reason})",
        "{path}: cannot be read ({reason})",
    ),
    "region_not_utf8": (
        "{path}: bukan teks UTF-8; simpan CSV sebagai UTF-8 (di Excel: CSV UTF-8)",
        "{path}: not UTF-8 text; save the CSV as UTF-8 (in Excel: CSV UTF-8)",
    ),
    "region_not_csv": ("{path}: bukan CSV yang sah ({error})", "{path}: not a valid CSV ({error})"),
    "region_missing_columns": (
        "{path}: kolom {names} tidak ada; berkas wilayah memerlukan kolom area,tps,dpt"
        " (satu baris per wilayah) atau area,tps_id,dpt (satu baris per TPS);"
        " kolom yang ada: {found}{hint}",
        "{path}: missing column(s) {names}; a region file needs the columns"
        " area,tps,dpt (one row per area) or area,tps_id,dpt (one row per TPS);"
        " found: {found}{hint}",
    ),
    "region_hint_one_separator": (
        "; pakai satu pemisah kolom saja: koma (,) atau titik koma (;)",
        "; use one column separator only: commas (,) or semicolons (;)",
    ),
    "region_duplicate_columns": (
        "{path}: kolom {names} muncul lebih dari sekali",
        "{path}: column(s) {names} appear more than once",
    ),
    "region_problem": (
        "{path}, baris {line}, kolom {column} = {value!r}: {rule}",
        "{path}, line {line}, column {column} = {value!r}: {rule}",
    ),
    "region_row_width": (
        "{path}, baris {line}: {values} nilai untuk {columns} kolom",
        "{path}, line {line}: {values} values for {columns} columns",
    ),
    "region_rule_area_empty": ("nama area tidak boleh kosong", "the area name must not be empty"),
    "region_rule_whole": ("harus bilangan bulat", "must be a whole number"),
    "region_rule_whole_no_separators": (
        "harus bilangan bulat, tanpa pemisah ribuan (tulis 75536, bukan 75.536)",
        "must be a whole number (no separators: 75536, not 75,536)",
    ),
    "region_rule_not_negative": ("harus 0 atau lebih", "must be 0 or more"),
    "region_rule_tps_id_empty": ("ID TPS tidak boleh kosong", "the TPS id must not be empty"),
    "region_rule_tps_id_repeats": (
        "sama dengan TPS di baris {first}",
        "repeats the TPS of line {first}",
    ),
    "region_rule_dpt_per_tps": (
        "DPT per TPS harus 1-{cap} (batas {cap}; KPU 2024: {kpu}, undang-undang: {legal})",
        "DPT per TPS must be 1-{cap} (cap {cap}; KPU 2024: {kpu}, law: {legal})",
    ),
    "region_rule_area_repeats": (
        "sama dengan area di baris {first}",
        "repeats the area of line {first}",
    ),
    "region_rule_dpt_without_tps": ("ada {dpt} DPT tetapi tidak ada TPS", "{dpt} DPT but no TPS"),
    "region_rule_fewer_voters_than_tps": (
        "pemilih lebih sedikit daripada TPS ({tps}); setiap TPS perlu sedikitnya satu pemilih",
        "fewer voters than TPS ({tps}); every TPS needs at least one voter",
    ),
    "region_rule_over_cap": (
        "{dpt} DPT tidak muat di {tps} TPS dengan batas {cap} pemilih per TPS"
        " (perlu sedikitnya {need} TPS; batas KPU 2024 {kpu}, batas undang-undang {legal})",
        "{dpt} DPT cannot fit {tps} TPS under the cap of {cap} per TPS (needs at"
        " least {need} TPS; KPU 2024 cap {kpu}, legal maximum {legal})",
    ),
    "region_file_invalid": (
        "Berkas wilayah {path} tidak sah:",
        "Region file {path} is not valid:",
    ),
    "region_file_invalid_first": (
        "Berkas wilayah {path} tidak sah ({n} masalah pertama):",
        "Region file {path} is not valid (first {n} shown):",
    ),
    "region_no_tps": ("{path}: tidak ada TPS di dalam berkas", "{path}: no TPS in the file"),
    # region run (simkit/region/run.py)
    "region_whole_at_least": (
        "{name} = {value!r}: harus bilangan bulat {least} atau lebih",
        "{name} = {value!r}: must be a whole number {least} or more",
    ),
    "region_out_is_file": (
        "--out {out}: ini berkas, bukan folder",
        "--out {out} is a file, not a folder",
    ),
    "region_worker_lost": (
        "{error}: {saved} dari {n} bagian tersimpan di {dir};"
        " jalankan perintah yang sama lagi untuk melanjutkan",
        "{error}: {saved} of {n} batches are saved in {dir}; run the same command again to resume",
    ),
    "region_saved_so_far": (
        "{saved} dari {n} bagian tersimpan di {dir}; jalankan perintah yang sama"
        " lagi untuk melanjutkan.",
        "{saved} of {n} batches saved in {dir}; run the same command again to resume.",
    ),
    "region_no_such_tps": (
        "{out}: tidak ada TPS {tps_id!r} pada replikasi {replication}",
        "{out}: no TPS {tps_id!r} in replication {replication}",
    ),
    "region_rerun_shared_copier": (
        "{tps_id} berbagi mesin fotokopi ({group}); jalankan ulang seluruh"
        " kelompoknya dengan simkit.simulation.simulate_group",
        "{tps_id} shares a copier ({group}); re-run its group"
        " with simkit.simulation.simulate_group",
    ),
    # region store (simkit/region/store.py)
    "region_tps_without_manifest": (
        "{out}: ada folder tps/ tetapi tidak ada manifest.json; ini bukan hasil"
        " simkit region (atau sudah rusak): pakai folder --out lain",
        "{out}: has a tps/ folder but no manifest.json; it is not a"
        " simkit region run (or it is damaged): use another --out",
    ),
    "region_manifest_unreadable": (
        "{path}: tidak dapat dibaca ({error}); pakai folder --out lain",
        "{path}: cannot be read ({error}); use another --out",
    ),
    "region_changed_region_fingerprint": ("isi berkas wilayah berubah", "region changed"),
    "region_changed_scenario_hash": ("skenario berubah", "scenario changed"),
    "region_changed_value": (
        "{key}: dulu {old!r}, sekarang {new!r}",
        "{key}: was {old!r}, now {new!r}",
    ),
    "region_other_parameters": (
        "{out} berisi simulasi dengan parameter lain ({changes}). Untuk"
        " melanjutkannya, ulangi perintah semula; untuk simulasi baru, pilih folder --out"
        " lain (atau hapus folder ini).",
        "{out} holds a run with other parameters ({changes}). To resume it, repeat"
        " the original command; for a new run, choose another --out folder (or delete"
        " this one).",
    ),
    "region_no_manifest": (
        "{out}: manifest.json tidak ada atau tidak terbaca ({error})",
        "{out}: no readable manifest.json ({error})",
    ),
    "region_unfinished": (
        "{out}: baru {done} dari {n} bagian yang selesai;"
        " jalankan lagi perintah yang sama untuk menyelesaikannya",
        "{out}: {done} of {n} batches are done; rerun the same command to finish the run",
    ),
    "region_damaged": (
        "{out}: {rows} baris TPS, seharusnya {expected}; folder ini rusak,"
        " jalankan lagi ke folder --out yang baru",
        "{out}: {rows} TPS rows instead of {expected}; the folder is"
        " damaged, run again into a new --out folder",
    ),
    # region report (simkit/report/region.py)
    "region_report_head": (
        "Wilayah {region}: {tps} TPS, {dpt} DPT, {reps} replikasi, skenario {scenario}",
        "Region {region}: {tps} TPS, {dpt} DPT, {reps} replication(s), scenario {scenario}",
    ),
    "region_report_counting": (
        "Penghitungan selesai: median pukul {median}; 90% TPS sudah selesai pukul {p90};"
        " paling akhir pukul {latest}",
        "Counting ends: median {median}, 90% of TPS by {p90}, latest {latest}",
    ),
    "region_report_work": (
        "Semua pekerjaan selesai: median pukul {median}; 90% TPS sudah selesai pukul {p90};"
        " paling akhir pukul {latest}",
        "All work done: median {median}, 90% of TPS by {p90}, latest {latest}",
    ),
    "region_report_late": (
        "Jumlah TPS yang masih menghitung lewat tengah malam: {counting}; masih bekerja lewat"
        " tengah malam: {working}; melewati batas waktu (12:00 H+1): {past}",
        "TPS still counting after midnight: {counting}; still working after midnight:"
        " {working}; past the legal deadline (12:00 next day): {past}",
    ),
    "region_report_per_replication": ("(rata-rata per replikasi)", "(mean per replication)"),
    "region_report_hours": (
        "Jam kerja KPPS, semua TPS dijumlahkan: {hours} jam",
        "KPPS hours on duty, all TPS together: {hours} hours",
    ),
    "region_report_riskiest": (
        "TPS paling berisiko: {tps} (semua pekerjaan selesai pukul {end})",
        "TPS at highest risk: {tps} (all work done {end})",
    ),
    "region_report_riskiest_mean": (
        "TPS paling berisiko: {tps} (semua pekerjaan selesai pukul {end}, rata-rata)",
        "TPS at highest risk: {tps} (all work done {end}, on average)",
    ),
    "region_report_per_area": ("Per wilayah:", "Per area:"),
    "region_report_area": (
        "{area}: {tps} TPS; median pukul {median}, 90% selesai pukul {p90};"
        " lewat tengah malam: {late}; lewat batas waktu: {past}",
        "{area}: {tps} TPS; median {median}, 90% by {p90}; after midnight: {late};"
        " past the deadline: {past}",
    ),
    # ==== end of region messages and report
    # ==== drills: engine labels, debrief, scorecards, terminal drill, drill panel (simkit/drills/, simkit/report/drill.py, simkit/cli/drill.py, simkit/dashboard/drill_panel.py)
    # engine labels, debrief, terminal drill (simkit/report/drill.py, simkit/drills/__init__.py)
    "drill_title": ("Latihan insiden TPS", "TPS incident drill"),
    "drill_scenario": ("Skenario", "Scenario"),
    "drill_seed": ("Seed", "Seed"),
    "drill_teams": ("Tim", "Teams"),
    "drill_team": ("Tim", "Team"),
    "drill_incidents": ("Insiden", "Incidents"),
    "drill_incident": ("Insiden", "Incident"),
    "drill_who": ("Siapa", "Who"),
    "drill_place": ("Tempat", "Place"),
    "drill_clock": ("Pukul", "Time"),
    "drill_choose": ("Pilih jawaban 1-{n}", "Choose an answer 1-{n}"),
    "drill_ask_team": ("Jawaban tim {team} (1-{n}): ", "Team {team}'s answer (1-{n}): "),
    "drill_bad_answer": (
        "Jawaban tidak dikenal: {value!r}. Ketik angka 1-{n} lalu Enter.",
        "Unknown answer: {value!r}. Type a number 1-{n} and press Enter.",
    ),
    "drill_eof": (
        "Masukan berakhir: latihan dihentikan (belum ada kartu nilai).",
        "Input ended: drill stopped (no scorecard written).",
    ),
    "drill_interrupted": ("Latihan dihentikan.", "Drill stopped."),
    "drill_correct": ("BENAR", "CORRECT"),
    "drill_wrong": ("SALAH", "WRONG"),
    "drill_right_answer": ("Jawaban benar", "Right answer"),
    "drill_rule": ("Aturan", "Rule"),
    "drill_consequence": ("Akibat dalam simulasi", "Consequence in the simulation"),
    "drill_no_cost": (
        "tidak ada tambahan dibanding jawaban benar",
        "nothing added compared with the right answer",
    ),
    "drill_debrief": ("Pembahasan", "Debrief"),
    "drill_answer": ("Jawaban", "Answer"),
    "drill_other_answers": ("Jika menjawab lain", "Had you answered otherwise"),
    "drill_scorecard": ("Kartu nilai", "Scorecard"),
    "drill_not_fired": ("Tidak terjadi dalam hari ini", "Did not happen on this day"),
    "drill_files": ("Berkas ditulis di {dir}:", "Files written in {dir}:"),
    "drill_continue": ("Simulasi berlanjut...", "The simulation goes on..."),
    "drill_day_end": ("Hari TPS selesai.", "The TPS day is over."),
    "drill_cost_work_min": (
        "{v} menit sampai semua pekerjaan selesai",
        "{v} min until all work is done",
    ),
    "drill_cost_count_min": ("{v} menit penghitungan", "{v} min of counting"),
    "drill_cost_wait_mean_min": ("{v} menit rata-rata menunggu", "{v} min mean wait"),
    "drill_cost_last_exit_min": ("{v} menit pemilih terakhir keluar", "{v} min last voter out"),
    "drill_cost_wrongly_refused": ("{v} pemilih salah ditolak", "{v} voter(s) wrongly refused"),
    "drill_cost_wrongly_served": ("{v} pemilih salah dilayani", "{v} voter(s) wrongly served"),
    "drill_cost_rule_breaches": ("{v} pelanggaran prosedur", "{v} breach(es) of procedure"),
    "drill_cost_psu_risk_events": (
        "{v} risiko PSU (pemungutan suara ulang)",
        "{v} PSU (re-vote) risk(s)",
    ),
    "drill_cost_recounts": ("{v} penghitungan ulang", "{v} recount(s)"),
    "drill_cost_objections": ("{v} keberatan saksi", "{v} saksi objection(s)"),
    "drill_past_deadline": (
        "melewati batas 12:00 H+1 ({p:.0f}% hari)",
        "past the 12:00 next-day deadline ({p:.0f}% of days)",
    ),
    "drill_yes": ("ya", "yes"),
    "drill_no": ("tidak", "no"),
    "drill_list_head": ("Insiden yang tersedia:", "Available incidents:"),
    # scorecard columns (simkit/report/drill.py SCORE_HEADERS)
    "drill_score_team": ("Tim", "Team"),
    "drill_score_correct": ("Benar", "Correct"),
    "drill_score_answered": ("Dijawab", "Answered"),
    "drill_score_score_pct": ("Nilai (%)", "Score (%)"),
    "drill_score_work_added_min": ("Tambahan waktu kerja (menit)", "Work time added (min)"),
    "drill_score_count_added_min": ("Tambahan waktu hitung (menit)", "Counting time added (min)"),
    "drill_score_wait_mean_added_min": (
        "Tambahan rata-rata menunggu (menit)",
        "Mean wait added (min)",
    ),
    "drill_score_wrongly_refused": ("Salah ditolak", "Wrongly refused"),
    "drill_score_wrongly_served": ("Salah dilayani", "Wrongly served"),
    "drill_score_rule_breaches": ("Pelanggaran prosedur", "Breaches of procedure"),
    "drill_score_psu_risk_events": ("Risiko PSU", "PSU risks"),
    "drill_score_recounts": ("Hitung ulang", "Recounts"),
    "drill_score_objections": ("Keberatan", "Objections"),
    "drill_score_work_end": ("Selesai kerja", "Work done"),
    "drill_score_past_deadline": ("Lewat batas 12:00 H+1", "Past 12:00 next day"),
    # the dashboard's drill panel (simkit/dashboard/drill_panel.py)
    "drill_panel_heading": ("Latihan insiden", "Incident drill"),
    "drill_panel_intro": (
        "Pilih skenario dan insiden, lalu tekan <b>Mulai latihan</b>. Hari TPS diputar; saat "
        "insiden terjadi, simulasi berhenti dan kelompok memilih jawaban. Tim berikutnya "
        "memakai seed yang sama, jadi harinya sama.",
        "Pick a scenario and incidents, then press <b>Start drill</b>. The TPS day plays; when "
        "an incident happens the simulation stops and the group picks an answer. The next team "
        "uses the same seed, so it gets the same day.",
    ),
    "drill_panel_scenario": ("1. Skenario", "1. Scenario"),
    "drill_panel_incidents": (
        "2. Insiden (klik satu; Ctrl+klik untuk beberapa)",
        "2. Incidents (click one; Ctrl+click for several)",
    ),
    "drill_panel_or_random": ("atau undi", "or draw"),
    "drill_panel_random": ("Undi acak", "Random draw"),
    "drill_panel_seed": (
        "Seed (hari yang sama untuk semua tim)",
        "Seed (the same day for every team)",
    ),
    "drill_panel_team": ("3. Nama tim", "3. Team name"),
    "drill_panel_start": ("Mulai latihan", "Start drill"),
    "drill_panel_answer": ("Jawab", "Answer"),
    "drill_panel_continue": ("Lanjutkan simulasi", "Continue the simulation"),
    "drill_panel_next_team": ("Tim berikutnya (latihan sama)", "Next team (same drill)"),
    "drill_panel_new_drill": ("Latihan baru", "New drill"),
    "drill_panel_pick_one": ("Pilih minimal satu insiden.", "Pick at least one incident."),
    "drill_panel_pick_answer": ("Pilih satu jawaban dulu.", "Pick an answer first."),
    "drill_panel_playing": ("Simulasi berjalan", "Simulation running"),
    "drill_panel_paused": ("Dijeda", "Paused"),
    "drill_panel_ended": ("Hari TPS selesai", "The TPS day is over"),
    "drill_panel_voted": ("sudah memilih", "voted"),
    "drill_panel_in_tps": ("di TPS", "in the TPS"),
    "drill_panel_counted": ("jenis selesai dihitung", "types counted"),
    "drill_panel_choices": ("Apa yang dilakukan KPPS?", "What does the KPPS do?"),
    "drill_panel_costs_wait": (
        "Menghitung akibat setiap jawaban...",
        "Working out what every answer costs...",
    ),
    "drill_panel_download_csv": ("Unduh kartu nilai (CSV)", "Download scorecard (CSV)"),
    "drill_panel_download_html": ("Kartu nilai siap cetak (HTML)", "Printable scorecard (HTML)"),
    "drill_panel_download_decisions": ("Unduh keputusan (CSV)", "Download decisions (CSV)"),
    "drill_panel_drill_of": ("Latihan", "Drill"),
    "drill_panel_error": ("Latihan tidak bisa dimulai", "The drill cannot start"),
    "drill_panel_speed": ("Kecepatan putar", "Playback speed"),
    "drill_panel_speed_slow": ("Lambat", "Slow"),
    "drill_panel_speed_normal": ("Normal", "Normal"),
    "drill_panel_speed_fast": ("Cepat", "Fast"),
    # engine errors (simkit/drills/engine.py)
    "drill_err_seed": (
        "seed: {seed}: harus bilangan bulat >= 0",
        "seed: {seed}: must be a whole number >= 0",
    ),
    "drill_err_random": ("--random {n}: boleh 1-{most}", "--random {n}: allowed 1-{most}"),
    "drill_err_repeated": ("insiden berulang: {ids}", "incident repeated: {ids}"),
    "drill_err_no_count": (
        "{id}: skenario {scenario} tidak punya penghitungan {type}",
        "{id}: scenario {scenario} has no count of {type}",
    ),
    # incident files (simkit/drills/incidents.py)
    "drill_inc_invalid": ("Insiden {source} tidak valid:", "Incident {source} is not valid:"),
    "drill_inc_unknown": (
        "insiden tidak dikenal; yang tersedia: {names}",
        "unknown incident; available: {names}",
    ),
    "drill_inc_when_at": ("pukul {clock}", "at {clock}"),
    "drill_inc_when_count": (
        "saat kotak {type} dibuka pada penghitungan",
        "when the {type} box is opened at the count",
    ),
    "drill_inc_trigger_one": (
        "isi tepat satu: at (jam) atau during_count (jenis surat suara)",
        "give exactly one of: at (a clock time) or during_count (a ballot type)",
    ),
    "drill_inc_trigger_at": (
        "at harus antara 06:00 dan 14:00 (insiden penghitungan: during_count)",
        "at must be between 06:00 and 14:00 (for the count use during_count)",
    ),
    "drill_inc_reason": (
        "alasan: huruf kecil, angka dan _ (mis. no_invitation)",
        "a reason is lower-case letters, digits and _ (e.g. no_invitation)",
    ),
    "drill_inc_delay_place": (
        "tempat '{place}' tidak dikenal; boleh: counting, paperwork, count:<jenis>, paperwork:<jenis>",
        "place '{place}' unknown; allowed: counting, paperwork, count:<type>, paperwork:<type>",
    ),
    "drill_inc_delay_minutes": ("menit harus > 0 dan <= 1440", "minutes must be > 0 and <= 1440"),
    "drill_inc_take_reserve": ("jumlah surat suara 1-50", "number of ballots 1-50"),
    "drill_inc_key": (
        "kunci: huruf kecil, angka dan _",
        "a key is lower-case letters, digits and _",
    ),
    "drill_inc_id": ("id: huruf kecil, angka dan _", "an id is lower-case letters, digits and _"),
    "drill_inc_choices_repeated": ("kunci pilihan berulang", "a choice key is repeated"),
    "drill_inc_choices_none_right": (
        "minimal satu pilihan benar (correct: true)",
        "at least one choice must be correct (correct: true)",
    ),
    "drill_inc_choices_none_wrong": (
        "minimal satu pilihan salah",
        "at least one choice must be wrong",
    ),
    "drill_inc_window_order": ("window: akhir sebelum awal", "window: end is before start"),
    "drill_inc_window_at": ("when.at di luar window", "when.at is outside window"),
    "drill_inc_effect_type": (
        "pilihan '{choice}': {types} sudah dihitung sebelum {type}",
        "choice '{choice}': {types} is counted before {type}",
    ),
    "drill_inc_effect_phase": (
        "pilihan '{choice}': voter/hold hanya untuk insiden saat pemungutan",
        "choice '{choice}': voter/hold only for voting-time incidents",
    ),
    "drill_inc_domain_pattern": (
        'harus seperti "§1.3" atau "§1.1, §3.5"',
        'must look like "§1.3" or "§1.1, §3.5"',
    ),
    # ==== end of drills: engine labels, debrief, scorecards, terminal drill, drill panel
    # ==== experiment sentences, KPI units and kinds (simkit/experiment/, simkit/metrics.py, simkit/report/)
    "exp_unit_h": ("jam", "h"),
    "exp_unit_h_short": ("j", "h"),
    "exp_unit_min_short": ("m", "min"),
    "exp_unit_pp": ("%-poin", "pp"),
    "exp_unit_pp_table": ("pp", "pp"),
    "exp_unit_pp_long": ("poin persen", "percentage points"),
    "exp_ci_separator": ("; ", ", "),
    "exp_word_later": ("lebih lambat", "later"),
    "exp_word_earlier": ("lebih awal", "earlier"),
    "exp_word_longer": ("lebih lama", "longer"),
    "exp_word_shorter": ("lebih singkat", "shorter"),
    "exp_word_higher": ("lebih tinggi", "higher"),
    "exp_word_lower": ("lebih rendah", "lower"),
    "exp_word_more": ("lebih banyak", "more"),
    "exp_word_fewer": ("lebih sedikit", "fewer"),
    "exp_sentence_wait_p90_min": ("waktu tunggu 90% pemilih", "90th-percentile wait"),
    "exp_sentence_kpps_hours_max": ("jam kerja KPPS terlama", "longest KPPS hours on duty"),
    "exp_sentence_kpps_hours_mean": ("rata-rata jam kerja KPPS", "mean KPPS hours on duty"),
    "exp_sentence_wait_max_min": ("waktu tunggu terlama", "longest wait"),
    "exp_sentence_wait_mean_min": ("rata-rata waktu tunggu", "mean wait"),
    "exp_to": ("sampai", "to"),
    "exp_about_same": ("hampir sama (selisih {signed};", "about the same (difference {signed};"),
    "exp_diff_opening": (
        "Dengan {variant}, bukan {baseline}: {label} {amount}",
        "With {variant} instead of {baseline}, {label}: {amount}",
    ),
    "exp_diff_stats": (
        "IK {pct} {ci}; {n} replikasi berpasangan",
        "{pct} CI {ci}; {n} paired replications",
    ),
    "exp_diff_unclear": (
        "Perbedaannya tidak jelas secara statistik.",
        "The difference is not statistically clear.",
    ),
    "exp_and": (" dan ", " and "),
    "exp_rec_none": (
        "Tidak ada konfigurasi yang terbukti memenuhi {cond} dengan peluang {pct}.",
        "No configuration was shown to meet {cond} with probability {pct}.",
    ),
    "exp_rec_found": (
        "Konfigurasi termurah yang memenuhi {cond} dengan peluang ≥ {pct}: {config} (peluang"
        " {p_hat}%, IK {conf} {lo}-{hi}%, {reps} replikasi).",
        "Cheapest configuration meeting {cond} with probability ≥ {pct}: {config} (P = {p_hat}%,"
        " {conf} CI {lo}-{hi}%, {reps} replications).",
    ),
    "exp_rec_unclear": (
        "Belum jelas (batas replikasi tercapai): {names}.",
        "Undecided at the replication limit: {names}.",
    ),
    "exp_sheet_summary": ("Ringkasan", "Summary"),
    "exp_sheet_voters": ("Pemilih", "Voters"),
    "exp_sheet_staff": ("KPPS", "KPPS"),
    "exp_sheet_counting": ("Penghitungan", "Counting"),
    "exp_sheet_queues": ("Antrean", "Queues"),
    "exp_sheet_stations": ("Pos", "Stations"),
    "exp_no_data": ("tidak ada data", "no data"),
    # ==== end of experiment sentences, KPI units and kinds
    # ==== command line (simkit/cli/)
    # messages written before the language is known show both halves: "<id> / <en>"
    "cli_description": (
        "Simulasi satu hari TPS (pemungutan dan penghitungan suara)",
        "simulation of one TPS election day (voting and counting).",
    ),
    "cli_drill_description": (
        "Latihan insiden TPS di terminal",
        "TPS incident drill in a terminal.",
    ),
    "cli_whole_number": ("harus bilangan bulat {allowed}", "must be a whole number {allowed}"),
    "cli_key_value": (
        "harus KUNCI=NILAI, mis. staff.kpps=5",
        "must be KEY=VALUE, e.g. staff.kpps=5",
    ),
    "cli_empty_in_list": ("nilai kosong dalam daftar", "empty value in the list"),
    "cli_given_twice": ("dua kali", "given twice"),
    "cli_dashboard_stop": ("Ctrl+C untuk berhenti", "to stop"),
    "cli_drill_team_repeated": ("nama tim berulang", "a team name is repeated"),
    # ==== end of command line
}


def t(key: str, lang: str = "id") -> str:
    """The label for ``key`` in ``lang`` (``"id"`` or ``"en"``); unknown keys come back as is."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


class TwoLanguageError(Exception):
    """An error whose message exists in Bahasa Indonesia and in English.

    ``str(exc)`` is the message in ``exc.lang`` ("id" unless a caller that knows the user's
    language set it); ``exc.text("en")`` gives either one. Pickles with both (worker -> driver).
    """

    def __init__(self, id_text: str, en_text: str | None = None, lang: str = "id"):
        super().__init__(id_text, en_text if en_text is not None else id_text)
        self.texts = {"id": id_text, "en": en_text if en_text is not None else id_text}
        self.lang = lang if lang in self.texts else "id"

    @classmethod
    def from_key(cls, key: str, lang: str = "id", **fields: Any):
        """The error whose message is the text ``key`` of this table, filled with ``fields``."""
        return cls(t(key, "id").format(**fields), t(key, "en").format(**fields), lang)

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the error's own language)."""
        return self.texts.get(lang or self.lang, self.texts["id"])

    def in_lang(self, lang: str | None):
        """Set the language ``str()`` uses (unknown or None: unchanged); returns the error."""
        if lang in self.texts:
            self.lang = lang
        return self

    def __str__(self) -> str:
        return self.text()

    def __reduce__(self):
        return (type(self), (self.texts["id"], self.texts["en"], self.lang))
