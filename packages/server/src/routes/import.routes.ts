import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { XLSX_MIME } from '../excel/import-workbook.ts';
import { AppError } from '../errors.ts';
import { contextOf } from '../plugins/access.ts';
import { buildImportTemplate, importWorkbook } from '../services/import.service.ts';
import { errorResponses, responses } from './schemas.ts';

/** The Excel template and the upload that imports units and people from it. */
export function importRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/import/template',
    {
      config: { access: { kind: 'action', action: 'person.import' } },
      schema: {
        tags: ['import'],
        summary: 'The .xlsx import template: sheets 单位 and 人员 and an instructions sheet 说明',
        produces: [XLSX_MIME],
        response: errorResponses,
      },
    },
    async (_request, reply) =>
      reply
        .header('content-type', XLSX_MIME)
        .header(
          'content-disposition',
          `attachment; filename="import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('导入模板.xlsx')}`,
        )
        .send(await buildImportTemplate()),
  );

  r.post(
    '/api/import',
    {
      config: { access: { kind: 'action', action: 'person.import' } },
      schema: {
        tags: ['import'],
        summary:
          'Import units and people from a filled template (multipart field `file`, ≤ 10 MiB): all rows or none',
        consumes: ['multipart/form-data'],
        response: responses(Type.Object({ units: Type.Integer(), people: Type.Integer() })),
      },
    },
    async (request) => {
      const file = await request.file();
      if (!file || file.fieldname !== 'file') throw new AppError('import-file-invalid', 'file');
      const buffer = await file.toBuffer();
      return importWorkbook(contextOf(app, request), buffer);
    },
  );
}
