// dossiers.mjs - the dossier screens in the browser (issue 8): the whole
// journey of one online dossier, split into steps that share its code (each
// under the harness's 60 s), then the postal receipt at the desk, the public
// lookup, English, the 360-px phone and axe-core on every new page.
import { apiFetch, assert, axe, focusedName, BASE, eq, hasRoute, noHorizontalScroll, signInUI, notRun } from './lib.mjs';

const PROC = '1.009374';              // Sở KH&CN: specialist step then leader step
const PROC_NAME = /Cấp giấy phép xuất bản bản tin/;
const CITIZEN = 'congdan@example.vn';
const PHONE = '0912345678';           // lookup digits: 5678
const ID = '038090012345';

const journey = { code: null, failed: false };

async function needDossiers() {
  if (!(await hasRoute('POST', '/dossiers'))) notRun('the dossier API is not on this server yet');
}

/** Runs a journey step only when the steps before it passed. */
function step(fn) {
  return async (ctx) => {
    await needDossiers();
    if (journey.failed || (!journey.code && fn.needsCode !== false)) notRun('an earlier step of the journey failed');
    try {
      await fn(ctx);
    } catch (e) {
      journey.failed = true;
      throw e;
    }
  };
}

async function signIn(ctx, login, landing) {
  const page = await ctx.page();
  await signInUI(page, login);
  await page.waitForURL(landing);
  return page;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n' +
  'trailer <</Root 1 0 R>>\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** The slip link in the page answers a PDF. */
async function checkSlip(ctx, page, kind) {
  const link = page.locator(`a[data-slip="${kind}"]`).first();
  await link.waitFor();
  const href = await link.getAttribute('href');
  assert(href.endsWith(`/slips/${kind}.pdf`), 'slip link: ' + href);
  const res = await page.request.get(href);
  eq(res.status(), 200, `GET ${href}`);
  assert(/application\/pdf/.test(res.headers()['content-type'] || ''), 'slip content-type: ' + res.headers()['content-type']);
  assert((await res.body()).subarray(0, 5).toString() === '%PDF-', 'slip body is not a PDF');
  ctx.note(`slip ${kind}: PDF ${(await res.body()).length} bytes`);
}

async function openDossier(page, code) {
  await page.goto('/ho-so/' + encodeURIComponent(code));
  await page.getByRole('heading', { level: 1, name: 'Hồ sơ ' + code }).waitFor();
}

/** Clicks an action of the dossier page once the page shows the dossier as
 * it is now: after an action the page fetches it again (aria-busy) and the
 * allowed actions, so the buttons, may change under the pointer. */
async function doAction(page, name) {
  await page.locator('article.dossier:not([aria-busy="true"])').waitFor();
  await page.getByRole('button', { name, exact: true }).click();
}
async function statusIs(page, text) {
  await page.locator('.dossier-facts .status').filter({ hasText: text }).waitFor();
}

export const dossierTests = [
  {
    name: 'journey 1: a citizen finds the procedure without diacritics and submits online',
    fn: step(Object.assign(async (ctx) => {
      const page = await signIn(ctx, CITIZEN, (u) => u.pathname === '/');
      const box = page.getByRole('combobox', { name: 'Tìm thủ tục hành chính' });
      await box.pressSequentially('cap giay phep xuat ban ban tin', { delay: 15 });
      await page.getByRole('option').filter({ hasText: PROC }).first().click();
      await page.waitForURL('**/thu-tuc/' + PROC);
      await page.getByRole('heading', { level: 1, name: PROC_NAME }).waitFor();
      await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
      await page.waitForURL('**/nop-ho-so/' + PROC);
      await page.getByRole('heading', { level: 2, name: 'Thông tin người nộp' }).waitFor();
      await ctx.shot(page, 'wizard-applicant');
      await axe(page, 'wizard step 1');
      // Required fields are checked before anything is sent, next to each field.
      await page.getByLabel('Số giấy tờ').fill('');
      await page.getByRole('button', { name: 'Tiếp tục' }).click();
      await page.locator('.field-error[data-field="applicant.id_number"]').waitFor();
      await page.getByLabel('Họ và tên người nộp').fill('Nguyễn Văn An');
      await page.getByLabel('Số giấy tờ').fill(ID);
      await page.getByLabel('Số điện thoại').fill('12345');   // wrong: the API's sentence comes back to this field
      await page.getByLabel('Địa chỉ').fill('Số 1 Lê Lợi, phường Hạc Thành');
      await page.getByRole('button', { name: 'Tiếp tục' }).click();
      await page.getByRole('heading', { level: 2, name: 'Thành phần hồ sơ và tệp đính kèm' }).waitFor();
      const inputs = page.locator('input[type=file]');
      assert((await inputs.count()) >= 2, 'a file input per component');
      // Type checked before upload: a text file is refused with a sentence.
      await inputs.nth(0).setInputFiles({ name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
      await page.locator('.field-error[data-field="file-0"]').getByText(/không đúng định dạng/).waitFor();
      await inputs.nth(0).setInputFiles([{ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: PDF },
        { name: 'to-khai-trang-2.png', mimeType: 'image/png', buffer: PNG }]);
      await inputs.nth(1).setInputFiles({ name: 'mau-trinh-bay.pdf', mimeType: 'application/pdf', buffer: PDF });
      eq(await page.locator('.picked li').count(), 3, 'files chosen');
      await ctx.shot(page, 'wizard-files');
      await axe(page, 'wizard step 2');
      await page.getByRole('button', { name: 'Tiếp tục' }).click();
      await page.getByRole('heading', { level: 2, name: 'Kiểm tra và nộp' }).waitFor();
      await ctx.shot(page, 'wizard-review');
      await axe(page, 'wizard step 3');
      await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
      // The API refuses the phone number: back on step 1, the sentence under the phone field.
      const phoneErr = page.locator('.field-error[data-field="applicant.phone"]');
      await phoneErr.getByText('Số điện thoại phải có 10 chữ số, bắt đầu bằng 0').waitFor();
      eq(await focusedName(page, 'applicant.phone'), 'applicant.phone', 'focus on the phone field');
      await ctx.shot(page, 'wizard-phone-error');
      await page.getByLabel('Số điện thoại').fill(PHONE);
      await page.getByRole('button', { name: 'Tiếp tục' }).click();
      await page.getByRole('button', { name: 'Tiếp tục' }).click();
      await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
      await page.getByRole('heading', { level: 2, name: 'Biên nhận hồ sơ' }).waitFor({ timeout: 20000 });
      const code = (await page.locator('.receipt-code').textContent()).trim();
      assert(/^000\.00\.06\.H56-\d{6}-\d{4,}$/.test(code), 'dossier code: ' + code);
      journey.code = code;
      await page.getByRole('link', { name: 'Tải biên nhận (PDF)' }).waitFor();
      await page.locator(`a[href="/tra-cuu/${code}"]`).waitFor();
      await ctx.shot(page, 'wizard-receipt');
      await axe(page, 'wizard receipt');
      const r = await page.request.get(`/api/v1/dossiers/${code}/files`);
      eq(r.status(), 200, 'GET files');
      eq((await r.json()).items.length, 3, 'files stored');
      ctx.note('3 files uploaded');
      // My dossiers lists it with its status.
      await page.getByRole('link', { name: 'Hồ sơ của tôi' }).click();
      await page.locator(`tr[data-code="${code}"]`).getByText('Mới đăng ký').waitFor();
      await ctx.shot(page, 'my-dossiers');
      await axe(page, 'my dossiers');
    }, { needsCode: false })),
  },
  {
    name: 'journey 2: the desk accepts the online dossier, prints the receipt and forwards it',
    fn: step(async (ctx) => {
      const code = journey.code;
      const page = await signIn(ctx, 'motcua', /\/mot-cua$/);
      await page.getByRole('heading', { level: 1, name: 'Bộ phận một cửa' }).waitFor();
      const row = page.locator(`section[data-queue="1"] tr[data-code="${code}"]`);
      await row.waitFor();
      await ctx.shot(page, 'desk-queue');
      await axe(page, 'desk queue');
      await row.getByRole('link', { name: code }).click();
      await page.getByRole('heading', { level: 1, name: 'Hồ sơ ' + code }).waitFor();
      await ctx.shot(page, 'desk-dossier');
      await axe(page, 'dossier page (desk)');
      await doAction(page, 'Tiếp nhận');
      await statusIs(page, 'Đã tiếp nhận');
      await page.getByRole('link', { name: /In phiếu tiếp nhận và hẹn trả kết quả/ }).first().waitFor();
      await checkSlip(ctx, page, 'receipt');
      assert(/\d{2}\/\d{2}\/\d{4}/.test(await page.locator('.dossier-facts .due').textContent()), 'due date shown after accept');
      await ctx.shot(page, 'desk-accepted');
      await doAction(page, 'Chuyển xử lý');
      await statusIs(page, 'Đang xử lý');
      await ctx.shot(page, 'desk-forwarded');
    }),
  },
  {
    name: 'journey 3: the specialist takes the dossier and requests a supplement',
    fn: step(async (ctx) => {
      const code = journey.code;
      const page = await signIn(ctx, 'chuyenvien', /\/xu-ly$/);
      await page.getByRole('heading', { level: 1, name: 'Xử lý hồ sơ' }).waitFor();
      const row = page.locator(`tr[data-code="${code}"]`);
      await row.waitFor();
      await page.locator('a[data-view="open"] .count').waitFor();
      ctx.note('inbox counts: ' + (await page.locator('a[data-view="open"] .count').textContent()) + ' open');
      await ctx.shot(page, 'inbox');
      await axe(page, 'inbox');
      for (const v of ['today', 'overdue', 'paused', 'mine', 'agency']) {
        await page.locator(`a[data-view="${v}"]`).click();
        await page.waitForURL(new RegExp('view=' + v));
        await page.locator('.table.dossiers, main p.muted').first().waitFor();
      }
      await page.locator('a[data-view="agency"]').click();
      await page.locator(`tr[data-code="${code}"]`).getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: 'Hồ sơ ' + code }).waitFor();
      await page.getByRole('heading', { name: 'Các bước xử lý' }).waitFor();
      await page.locator('.steps-table').getByText('Thẩm định hồ sơ').waitFor();
      await page.getByRole('link', { name: 'to-khai.pdf' }).waitFor();
      await page.getByRole('button', { name: 'Xem trước' }).first().click();
      await page.locator('iframe.preview, img.preview').first().waitFor();
      await ctx.shot(page, 'specialist-dossier');
      await axe(page, 'dossier page (specialist)');
      await doAction(page, 'Nhận xử lý');
      await page.getByText('Đã thực hiện: Nhận xử lý.').waitFor();
      await doAction(page, 'Yêu cầu bổ sung');
      const form = page.getByRole('form', { name: 'Yêu cầu bổ sung' });
      await form.getByRole('button', { name: 'Xác nhận: Yêu cầu bổ sung' }).click();
      await form.locator('.field-error[data-field=comment]').getByText('Vui lòng nhập lý do, nội dung.').waitFor();
      await ctx.shot(page, 'supplement-reason-required');
      await form.getByLabel(/^Lý do, nội dung/).fill('Bổ sung bản sao quyết định thành lập có chứng thực');
      await form.getByRole('button', { name: 'Xác nhận: Yêu cầu bổ sung' }).click();
      await statusIs(page, 'Chờ bổ sung giấy tờ');
      await page.getByText(/Thời hạn giải quyết đang tạm dừng/).waitFor();
      await checkSlip(ctx, page, 'supplement_request');
      await ctx.shot(page, 'supplement-requested');
    }),
  },
  {
    name: 'journey 4: the citizen follows the timeline and supplements',
    fn: step(async (ctx) => {
      const code = journey.code;
      const page = await signIn(ctx, CITIZEN, (u) => u.pathname === '/');
      await page.goto('/ho-so');
      const row = page.locator(`tr[data-code="${code}"]`);
      await row.getByText('Chờ bổ sung giấy tờ').waitFor();
      await row.getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: 'Hồ sơ ' + code }).waitFor();
      const tl = page.locator('.timeline');
      for (const a of ['Nộp hồ sơ trực tuyến', 'Tiếp nhận', 'Chuyển xử lý', 'Yêu cầu bổ sung']) await tl.getByText(a, { exact: true }).first().waitFor();
      await tl.getByText('Bổ sung bản sao quyết định thành lập có chứng thực').waitFor();
      eq(await page.getByRole('button', { name: 'Rút hồ sơ' }).count(), 1, 'withdraw offered');
      await ctx.shot(page, 'citizen-timeline');
      await axe(page, 'dossier page (citizen)');
      await doAction(page, 'Bổ sung hồ sơ');
      const form = page.getByRole('form', { name: 'Bổ sung hồ sơ' });
      await form.locator('input[type=file]').nth(0).setInputFiles({ name: 'ban-sao-quyet-dinh.pdf', mimeType: 'application/pdf', buffer: PDF });
      await form.getByLabel(/Ghi chú/).fill('Đã bổ sung bản sao có chứng thực');
      await ctx.shot(page, 'citizen-supplement-form');
      await form.getByRole('button', { name: 'Xác nhận: Bổ sung hồ sơ' }).click();
      await statusIs(page, 'Đang xử lý');
      await ctx.shot(page, 'citizen-supplemented');
    }),
  },
  {
    name: 'journey 5: the specialist completes the step; the leader apologises, reassigns and approves',
    fn: step(async (ctx) => {
      const code = journey.code;
      const sp = await signIn(ctx, 'chuyenvien', /\/xu-ly$/);
      await openDossier(sp, code);
      await doAction(sp, 'Hoàn thành bước, chuyển tiếp');
      await sp.getByText('Đã thực hiện: Hoàn thành bước, chuyển tiếp.').waitFor();
      await ctx.shot(sp, 'specialist-step-done');
      const page = await signIn(ctx, 'lanhdao', /\/xu-ly$/);
      await page.locator(`tr[data-code="${code}"]`).getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: 'Hồ sơ ' + code }).waitFor();
      // Apology: a date before the current due date comes back as the API's sentence under the date field.
      await doAction(page, 'Xin lỗi, hẹn lại ngày trả');
      const ap = page.getByRole('form', { name: 'Xin lỗi, hẹn lại ngày trả' });
      await ap.locator('input[name=new_due_at]').fill('2020-01-02');
      await ap.getByLabel(/^Lý do chậm trễ/).fill('Chờ ý kiến cơ quan phối hợp');
      await ap.getByRole('button', { name: /^Xác nhận/ }).click();
      await ap.locator('.field-error[data-field=new_due_at]').waitFor();
      await ctx.shot(page, 'apology-date-error');
      const due = await page.evaluate(async (c) => (await (await fetch('/api/v1/dossiers/' + c)).json()).due_at, code);
      const later = new Date(Date.parse(due) + 10 * 86400e3).toISOString().slice(0, 10);
      await ap.locator('input[name=new_due_at]').fill(later);
      await ap.getByRole('button', { name: /^Xác nhận/ }).click();
      await page.getByText('Đã thực hiện: Xin lỗi, hẹn lại ngày trả.').waitFor();
      await checkSlip(ctx, page, 'apology');
      const [, m, d] = /^\d{4}-(\d{2})-(\d{2})/.exec(later);
      assert((await page.locator('.dossier-facts .due').textContent()).includes(`${d}/${m}/`), 'new due date shown');
      // Reassign to the specialist.
      await doAction(page, 'Giao lại cho cán bộ khác');
      const as = page.getByRole('form', { name: 'Giao lại cho cán bộ khác' });
      await as.getByLabel('Cán bộ xử lý').selectOption({ label: 'Trần Văn Minh (Chuyên viên)' });
      await as.getByRole('button', { name: /^Xác nhận/ }).click();
      await page.getByText('Đã thực hiện: Giao lại cho cán bộ khác.').waitFor();
      await ctx.shot(page, 'leader-reassigned');
      await axe(page, 'dossier page (leader)');
      await doAction(page, 'Phê duyệt');
      const form = page.getByRole('form', { name: 'Phê duyệt' });
      await form.getByLabel('Số, ký hiệu kết quả').fill('KQ.H56.00001');
      await form.getByRole('button', { name: 'Xác nhận: Phê duyệt' }).click();
      await statusIs(page, 'Có kết quả, chờ trả');
      await page.locator('.dossier-facts').getByText('KQ.H56.00001').waitFor();
      await ctx.shot(page, 'leader-approved');
    }),
  },
  {
    name: 'journey 6: the desk hands the result back with the result receipt',
    fn: step(async (ctx) => {
      const code = journey.code;
      const page = await signIn(ctx, 'motcua', /\/mot-cua$/);
      await page.locator(`section[data-queue="9"] tr[data-code="${code}"]`).getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: 'Hồ sơ ' + code }).waitFor();
      await doAction(page, 'Trả kết quả');
      await statusIs(page, 'Đã trả kết quả');
      await checkSlip(ctx, page, 'result_receipt');
      await ctx.shot(page, 'desk-delivered');
    }),
  },
  {
    name: 'journey 7: the citizen rates the service',
    fn: step(async (ctx) => {
      const code = journey.code;
      const page = await signIn(ctx, CITIZEN, (u) => u.pathname === '/');
      await openDossier(page, code);
      await doAction(page, 'Đánh giá mức độ hài lòng');
      const form = page.getByRole('form', { name: 'Đánh giá mức độ hài lòng' });
      await form.getByRole('button', { name: /^Xác nhận/ }).click();
      await form.locator('.field-error[data-field=rating]').waitFor();
      await form.getByLabel('Rất hài lòng', { exact: true }).check();
      await form.getByLabel(/Ghi chú/).fill('Nhanh, chu đáo');
      await ctx.shot(page, 'rating-form');
      await axe(page, 'rating form');
      await form.getByRole('button', { name: /^Xác nhận/ }).click();
      await page.locator('[data-rating="5"]').waitFor();
      await page.getByText('Đã thực hiện: Đánh giá mức độ hài lòng.').waitFor();
      const tl = await page.locator('.timeline').textContent();
      for (const a of ['Phê duyệt', 'Trả kết quả', 'Đánh giá mức độ hài lòng']) assert(tl.includes(a), 'timeline lacks ' + a);
      await ctx.shot(page, 'rated');
    }),
  },
  {
    name: 'desk receipt of a postal dossier: checklist, errors next to fields, receipt slip',
    async fn(ctx) {
      await needDossiers();
      const page = await signIn(ctx, 'motcua', /\/mot-cua$/);
      await page.getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
      await page.waitForURL(/\/mot-cua\/tiep-nhan/);
      await page.getByLabel('Mã thủ tục').fill('9.999999');
      await page.getByRole('button', { name: 'Chọn thủ tục' }).click();
      await page.locator('.field-error[data-field=procedure_code]').waitFor();
      await page.getByLabel('Mã thủ tục').fill(PROC);
      await page.getByRole('button', { name: 'Chọn thủ tục' }).click();
      await page.getByText(PROC_NAME).first().waitFor();
      await page.getByLabel('Qua dịch vụ bưu chính').check();
      await page.getByLabel('Họ và tên người nộp').fill('Công ty TNHH Ánh Dương');
      await page.getByLabel('Loại giấy tờ').selectOption('tax_code');
      await page.getByLabel('Số giấy tờ').fill('2801234567');
      await page.getByLabel('Số điện thoại').fill('0237123456');
      const rows = page.locator('.check-row');
      await rows.nth(0).getByRole('checkbox').check();
      await rows.nth(1).getByRole('checkbox').check();
      await page.getByText('Thành phần hồ sơ đã nhận (2/3)').waitFor();
      await page.getByRole('button', { name: 'Tiếp nhận và lập phiếu' }).click();
      // The tracking number is required for the post: the sentence next to it.
      await page.locator('.field-error[data-field=postal_tracking]').waitFor();
      await page.getByLabel('Số hiệu bưu gửi').fill('EB123456789VN');
      await page.getByLabel('Số giấy tờ').fill('12345');
      await page.getByRole('button', { name: 'Tiếp nhận và lập phiếu' }).click();
      await page.locator('.field-error[data-field="applicant.id_number"]').getByText(/Mã số thuế gồm 10 chữ số/).waitFor();
      await ctx.shot(page, 'postal-errors');
      await axe(page, 'desk receipt form');
      await page.getByLabel('Số giấy tờ').fill('2801234567');
      await rows.nth(0).locator('input[type=file]').setInputFiles({ name: 'don.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByRole('button', { name: 'Tiếp nhận và lập phiếu' }).click();
      await page.getByRole('heading', { level: 2, name: 'Đã tiếp nhận hồ sơ' }).waitFor({ timeout: 20000 });
      const code = (await page.locator('.receipt-code').textContent()).trim();
      assert(/^000\.00\.06\.H56-\d{6}-\d{4,}$/.test(code), 'code: ' + code);
      await checkSlip(ctx, page, 'receipt');
      await ctx.shot(page, 'postal-received');
      await page.getByRole('link', { name: 'Mở hồ sơ' }).click();
      await statusIs(page, 'Đã tiếp nhận');
      await page.locator('.dossier-facts').getByText('Dịch vụ bưu chính').waitFor();
      await page.getByText('EB123456789VN').waitFor();
      const comps = await page.locator('#s-components + .comp-list li').count();
      eq(comps, 2, 'components received');
      await ctx.shot(page, 'postal-dossier');
    },
  },
  {
    name: 'public lookup from the QR link: 4 digits, wrong digits as a sentence',
    async fn(ctx) {
      await needDossiers();
      let code = journey.code;
      if (!code) notRun('no dossier from the journey');
      const page = await ctx.page();
      await page.goto('/tra-cuu/' + encodeURIComponent(code));
      await page.getByRole('heading', { level: 1, name: 'Tra cứu hồ sơ' }).waitFor();
      await page.getByText(code).first().waitFor();
      await page.getByLabel('4 số xác minh').fill('1111');
      await page.getByRole('button', { name: 'Tra cứu' }).click();
      await page.getByText('Không tìm thấy hồ sơ với mã và số xác minh này').waitFor();
      assert(!/dossier_not_found/.test(await page.content()), 'raw code shown');
      await ctx.shot(page, 'lookup-wrong');
      await page.getByLabel('4 số xác minh').fill('5678');
      await page.getByRole('button', { name: 'Tra cứu' }).click();
      const res = page.locator('#lookup-result');
      await res.getByText('Sở Khoa học và Công nghệ').waitFor();
      await res.getByText(/Đã trả kết quả|Có kết quả|Đang xử lý|Đã tiếp nhận/).first().waitFor();
      assert(!(await res.textContent()).includes(PHONE), 'lookup shows the phone');
      await ctx.shot(page, 'lookup-found');
      await axe(page, 'lookup');
      // The form with the code typed in.
      await page.goto('/tra-cuu');
      await page.getByLabel('Mã hồ sơ').fill(code);
      await page.getByLabel('4 số xác minh').fill(ID.slice(-4));
      await page.getByRole('button', { name: 'Tra cứu' }).click();
      await page.locator('#lookup-result').waitFor();
      await page.waitForURL('**/tra-cuu/' + code);
    },
  },
  {
    name: 'dossier pages in English, on a 360-px phone, axe-clean',
    async fn(ctx) {
      await needDossiers();
      const page = await ctx.page({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      await page.goto('/tra-cuu');
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { level: 1, name: 'Track a dossier' }).waitFor();
      await noHorizontalScroll(page, 'lookup');
      await ctx.shot(page, 'phone-lookup-en');
      await axe(page, 'lookup (en)');
      if (journey.code) {
        await page.goto('/tra-cuu/' + encodeURIComponent(journey.code));
        await page.getByLabel('4 verification digits').fill('0000');
        await page.getByRole('button', { name: 'Look up' }).click();
        await page.getByText('No dossier with this code and these digits', { exact: false }).or(page.locator('form .alert')).first().waitFor();
        await noHorizontalScroll(page, 'lookup error');
        await ctx.shot(page, 'phone-lookup-error-en');
      }
      await signInUI(page, CITIZEN);
      await page.waitForURL((u) => u.pathname === '/');
      const pages = [['/ho-so', 'My dossiers'], ['/nop-ho-so/' + PROC, 'Submit online']];
      if (journey.code) pages.push(['/ho-so/' + encodeURIComponent(journey.code), 'Dossier ' + journey.code]);
      for (const [path, h1] of pages) {
        await page.goto(path);
        await page.getByRole('heading', { level: 1, name: h1 }).waitFor();
        await page.waitForLoadState('networkidle');
        await noHorizontalScroll(page, path);
        await ctx.shot(page, 'phone-en-' + path.split('/')[1]);
        await axe(page, path + ' (en)');
      }
      for (const [login, path, h1] of [['motcua', '/mot-cua/tiep-nhan?procedure=' + PROC, 'Receive a dossier'], ['motcua', '/mot-cua', 'One-stop desk'],
        ['lanhdao', '/xu-ly', 'Processing inbox']]) {
        const p = await ctx.page({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
        await p.goto('/');
        await p.evaluate(() => localStorage.setItem('motcua.lang', 'en'));
        await signInUI(p, login);
        await p.waitForURL(/\/(mot-cua|xu-ly)$/);
        await p.goto(path);
        await p.getByRole('heading', { level: 1, name: h1 }).waitFor();
        await p.waitForLoadState('networkidle');
        await noHorizontalScroll(p, path);
        await ctx.shot(p, 'phone-en-' + path.split('/').slice(1).join('-').replace(/\?.*/, ''));
        await axe(p, path + ' (en)');
      }
    },
  },
  {
    name: 'staff pages are separate chunks; the citizen first page stays light',
    async fn(ctx) {
      const page = await ctx.page();
      const scripts = [];
      page.on('requestfinished', (req) => req.resourceType() === 'script' && scripts.push(req.url()));
      await page.goto('/', { waitUntil: 'networkidle' });
      const first = [...scripts];
      assert(first.length === 1, 'first page scripts: ' + first.join(', '));
      await page.goto('/tra-cuu', { waitUntil: 'networkidle' });
      await page.getByRole('heading', { level: 1, name: 'Tra cứu hồ sơ' }).waitFor();
      const html = await (await fetch(BASE + '/')).text();
      assert(!/Inbox|DeskReceive/.test(html), 'staff code referenced from index.html');
      ctx.note('first page: ' + first.map((u) => u.split('/').pop()).join(', '));
    },
  },
];
