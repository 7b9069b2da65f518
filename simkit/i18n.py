"""Every user-facing label in Bahasa Indonesia (first) and English.

Use :func:`t`: ``t("voters_arrived", "en")``. Keys are grouped by the face that uses them; add new
keys here rather than writing text in the CLI, plots or dashboard. TPS vocabulary (DPT, DPTb, DPK,
KPPS, C.Hasil, saksi, Sirekap) stays Indonesian in both languages, as trainers use it.
"""

from __future__ import annotations

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
        "Porsi per jam harus 6 angka >= 0 dipisah koma (mis. 30,25,20,12,8,5); sekarang: {v}",
        "Hourly shares must be 6 numbers >= 0, comma-separated (e.g. 30,25,20,12,8,5); got: {v}",
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
    # ==== end of scenario and YAML messages
    # ==== region messages and report (simkit/region/, simkit/report/region.py)
    # ==== end of region messages and report
    # ==== drills: engine labels, debrief, scorecards, terminal drill, drill panel (simkit/drills/, simkit/report/drill.py, simkit/cli/drill.py, simkit/dashboard/drill_panel.py)
    # ==== end of drills: engine labels, debrief, scorecards, terminal drill, drill panel
    # ==== experiment sentences, KPI units and kinds (simkit/experiment/, simkit/metrics.py, simkit/report/)
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
